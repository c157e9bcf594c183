package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployable jar: what it contains, and its commands run as a separate process. */
class DeployableJarIT {
  private static final Path JAR = Path.of("target", "watershed-catalog.jar");
  private static final Pattern LISTENING =
      Pattern.compile("catalog listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path directory;

  @Test
  void containsMergedServiceFilesAndNoSignatures() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.watershed.catalog.CatalogMain");
      assertThat(entry(jar, "META-INF/services/java.sql.Driver"))
          .contains("org.h2.Driver", "org.postgresql.Driver", "io.trino.jdbc.TrinoDriver");
      // lake upkeep's Trino statements
      assertThat(entry(jar, "io/watershed/catalog/upkeep/procedures.sql"))
          .contains("EXECUTE optimize(", "EXECUTE remove_orphan_files(");
      assertThat(entry(jar, "META-INF/services/org.apache.hadoop.fs.FileSystem"))
          .contains("org.apache.hadoop.fs.LocalFileSystem")
          .contains("org.apache.hadoop.hdfs.DistributedFileSystem");
      assertThat(entry(jar, "logback.xml")).contains("ConsoleAppender");
      assertThat(jar.stream().map(JarEntry::getName))
          .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
    }
  }

  @Test
  void validateListsEveryErrorNumbered() throws Exception {
    Path config =
        write(
            "bad.properties",
            """
            catalog.http-port=99999
            catalog.threads=none
            catalog.jdbc-url=jdbc:mysql://db/catalog
            catalog.colour=blue
            """);

    Result result = run("validate", config.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.output())
        .contains("4 error(s)")
        .contains("1. Cannot use catalog.http-port=99999: must be between 0 and 65535")
        .contains("2. Cannot use catalog.threads=none: must be an integer")
        .contains("3. Cannot use catalog.jdbc-url=jdbc:mysql://db/catalog: must start with")
        .contains("4. Cannot use catalog.colour=blue: unknown key");
  }

  @Test
  void initCreatesTheLakeTablesOnce() throws Exception {
    Path config = localConfig(0);

    Result first = run("init", config.toString());
    Result second = run("init", config.toString());

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("lake tables ready in catalog lake (8 created");
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("(0 created: [])");
  }

  @Test
  void reachesHdfsThroughTheShadedClient() throws Exception {
    Path config =
        write(
            "hdfs.properties",
            """
            catalog.warehouse=hdfs://127.0.0.1:1/watershed/warehouse
            catalog.jdbc-url=jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE
            hadoop.ipc.client.connect.max.retries=0
            hadoop.ipc.client.connect.timeout=1000
            """
                .formatted(directory.resolve("db/catalog")));

    Result result = run("init", config.toString());

    // the hdfs:// scheme resolves and the client dials the (absent) NameNode
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output())
        .doesNotContain("No FileSystem for scheme")
        .containsPattern("Connection refused|ConnectException");
  }

  @Test
  void runServesUntilTerminated() throws Exception {
    Path config = localConfig(0);
    Process process = start("run", config.toString());
    List<String> lines = new ArrayList<>();
    CompletableFuture<String> address = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader output =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                  Matcher matcher = LISTENING.matcher(line);
                  if (matcher.find()) {
                    address.complete(matcher.group(1));
                  }
                }
              } catch (IOException e) {
                address.completeExceptionally(e);
              }
            });
    reader.start();
    try {
      URI uri = URI.create(address.get(60, TimeUnit.SECONDS));
      HttpCalls http = HttpCalls.to(uri);
      assertThat(http.get("/health").statusCode()).isEqualTo(200);
      assertThat(http.get("/v1/namespaces/ubc/tables").body()).contains("metrics_5m");
    } finally {
      // SIGTERM; Process.destroy() would also close the output we still read
      process.toHandle().destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    }
    synchronized (lines) {
      assertThat(lines).anyMatch(line -> line.contains("catalog stopped"));
    }
  }

  private Path localConfig(int port) throws IOException {
    return write(
        "local.properties",
        """
        catalog.http-port=%d
        catalog.warehouse=%s
        catalog.jdbc-url=jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE
        """
            .formatted(
                port, directory.resolve("warehouse").toUri(), directory.resolve("db/catalog")));
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(directory.resolve(name), content);
  }

  private static String entry(JarFile jar, String name) throws IOException {
    JarEntry entry = jar.getJarEntry(name);
    assertThat(entry).as(name).isNotNull();
    return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
  }

  private record Result(int exitCode, String output) {}

  private Result run(String... args) throws Exception {
    Process process = start(args);
    String output;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      output = reader.lines().collect(Collectors.joining("\n"));
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private Process start(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .start();
  }
}
