package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable: what the shaded jar holds, and that it runs as a process on its own (migrates a
 * fresh H2 database, loads the demo rules, serves, stops on SIGTERM).
 */
class PackagingIT {
  private static final Path JAR = Path.of("target", "watershed-monitor-service.jar");

  @Test
  void jarHoldsTheServiceItsSchemaAndDatabaseSupport() throws IOException {
    assertThat(JAR).exists();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.watershed.monitor.MonitorMain");
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/watershed/monitor/MonitorMain.class",
              "io/watershed/monitor/internal/db/tables/UbcIdRevision.class",
              "db/migration/V1__create_schema.sql",
              "io/watershed/monitor/openapi.json",
              "io/watershed/monitor/query/watermark.sql",
              "io/watershed/monitor/query/progress.sql",
              "io/watershed/monitor/ui/index.html",
              "io/watershed/monitor/ui/app.js",
              "META-INF/maven/org.webjars.npm/uplot/pom.properties",
              "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js",
              "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css",
              "logback.xml");
      // the UI imports the ES module only
      assertThat(names).noneMatch(name -> name.matches(".*/uPlot\\.(cjs|iife).*\\.js"));
      assertThat(names)
          .noneMatch(
              name ->
                  name.startsWith("org/apache/flink/")
                      || name.startsWith("org/apache/iceberg/")
                      || name.startsWith("org/apache/hadoop/"));
      assertThat(read(jar, "META-INF/services/java.sql.Driver"))
          .contains("org.h2.Driver", "org.postgresql.Driver", "io.trino.jdbc.TrinoDriver");
      assertThat(read(jar, "META-INF/services/org.flywaydb.core.extensibility.Plugin"))
          .contains(
              "org.flywaydb.core.internal.database.h2.H2DatabaseType",
              "org.flywaydb.database.postgresql.PostgreSQLDatabaseType");
    }
  }

  @Test
  void runsAsAProcessAndStopsOnSigterm(@TempDir Path directory) throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    String token = "packaging-admin-" + MonitorFixtures.suffix();
    Path config = directory.resolve("monitor.properties");
    Files.writeString(
        config,
        String.join(
            "\n",
            "monitor.http-port=" + port,
            "monitor.jdbc-url=jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE"
                .formatted(directory.resolve("db").toAbsolutePath().toString().replace("\\", "/")),
            "monitor.bootstrap-admin-token=" + token,
            "monitor.seed-demo=true",
            ""),
        StandardCharsets.UTF_8);
    Path log = directory.resolve("monitor.log");
    Process process =
        new ProcessBuilder(
                java(),
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString(),
                "run",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      MonitorClient client = new MonitorClient(URI.create("http://127.0.0.1:" + port), token);
      awaitHealthy(client, process, log);
      JsonNode rules = client.get("/v1/rules").json();
      assertThat(rules.path("version").longValue()).isEqualTo(1);
      assertThat(rules.path("ubcIds").size()).isEqualTo(30);
      assertThat(client.as(null).get("/v1/rules").status()).isEqualTo(401);
      assertThat(client.as(null).get("/ui/").body()).contains("Watershed monitor");
      assertThat(client.as(null).get("/ui/lib/uPlot.esm.js").status()).isEqualTo(200);
    } finally {
      process.destroy();
      boolean stopped = process.waitFor(30, TimeUnit.SECONDS);
      if (!stopped) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      assertThat(stopped).as("stopped on SIGTERM").isTrue();
    }
    assertThat(Files.readString(log))
        .contains("Demo rules loaded: 30 UBC ID(s) and 150 dimension(s) added")
        .contains("monitor service listening on http://127.0.0.1:" + port)
        .contains("monitor service stopped")
        .doesNotContain(token);
  }

  @Test
  void validateListsEveryErrorAndExitsNonZero(@TempDir Path directory) throws Exception {
    Path config = directory.resolve("bad.properties");
    Files.writeString(
        config, "monitor.http-port=-1\nmonitor.colour=blue\n", StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(
                java(), "-jar", JAR.toAbsolutePath().toString(), "validate", config.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output)
        .contains(
            "2 error(s)",
            "1. Cannot use monitor.http-port=-1: must be between 0 and 65535",
            "2. Cannot use monitor.colour=blue: unknown key");
  }

  private static void awaitHealthy(MonitorClient client, Process process, Path log)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    List<String> errors = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("process alive; log:\n%s", Files.readString(log)).isTrue();
      try {
        if (client.get("/health").status() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        errors.add(e.getMessage());
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not healthy within 60 s: " + errors + "\n" + Files.readString(log));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String read(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertThat(entry).as(name).isNotNull();
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
