package io.watershed.trino;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Trino 476 coordinator run as the stack runs it (the full server tarball unpacked into the
 * stack's cache, a JDK 25), loading only this module's plugin folder, on a free port. The Maven
 * build passes the paths as system properties.
 */
public final class TrinoServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  private final Process process;
  private final Path logFile;
  private final int port;

  private TrinoServer(Process process, Path logFile, int port) {
    this.process = process;
    this.logFile = logFile;
    this.port = port;
  }

  public static TrinoServer start() throws IOException, InterruptedException {
    return start(List.of());
  }

  /** A server whose JVM also gets {@code jvmOptions} (such as {@code -Dwatershed.rules.url=}). */
  public static TrinoServer start(List<String> jvmOptions)
      throws IOException, InterruptedException {
    Path server = unpackedServer();
    Path work =
        Path.of("target", "it-trino", UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    Path plugins = Files.createDirectories(work.resolve("plugin"));
    Files.createSymbolicLink(
        plugins.resolve("watershed-functions"), Path.of(property("trino.plugin-directory")));
    Path etc = Files.createDirectories(work.resolve("etc"));
    Files.createDirectories(etc.resolve("catalog"));
    int port = freePort();
    Files.writeString(
        etc.resolve("config.properties"),
        """
        coordinator=true
        node-scheduler.include-coordinator=true
        http-server.http.port=%2$d
        discovery.uri=http://%1$s:%2$d
        node.environment=watershed_it
        node.id=watershed-functions-it
        node.internal-address=%1$s
        plugin.dir=%3$s
        catalog.config-dir=%4$s
        query.max-memory=512MB
        query.max-memory-per-node=384MB
        """
            .formatted("127.0.0.1", port, plugins, etc.resolve("catalog")));
    Files.writeString(etc.resolve("log.properties"), "io.trino=INFO\n");
    Path logFile = work.resolve("trino.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(property("trino.java-home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xmx1G",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:+EnableDynamicAgentLoading",
            "-Djdk.attach.allowAttachSelf=true"));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-Dconfig=" + etc.resolve("config.properties"),
            "-Dlog.levels-file=" + etc.resolve("log.properties"),
            "-cp",
            server.resolve("lib") + "/*",
            "io.trino.server.TrinoServer"));
    Process process =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    TrinoServer trino = new TrinoServer(process, logFile, port);
    try {
      trino.awaitStarted();
    } catch (IOException | InterruptedException | RuntimeException e) {
      trino.close();
      throw e;
    }
    return trino;
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "watershed-it");
    return DriverManager.getConnection("jdbc:trino://127.0.0.1:%d".formatted(port), properties);
  }

  private void awaitStarted() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/v1/info".formatted(port))).build();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Cannot start Trino: it exited with %d; log %s:%n%s"
                .formatted(process.exitValue(), logFile, tail()));
      }
      try {
        String body = http.send(info, HttpResponse.BodyHandlers.ofString()).body();
        if (body.replace(" ", "").contains("\"starting\":false")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "Cannot start Trino: not up after %s; log %s:%n%s"
            .formatted(START_TIMEOUT, logFile, tail()));
  }

  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(logFile);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The stack's unpacked server (~/.cache/watershed), unpacked here first if it is missing. */
  private static Path unpackedServer() throws IOException, InterruptedException {
    String version = property("trino.version");
    Path cache = Path.of(System.getProperty("user.home"), ".cache", "watershed");
    Path home = cache.resolve("trino-server-" + version);
    if (Files.isDirectory(home.resolve("plugin/iceberg/hdfs"))) {
      return home;
    }
    Path tarball = Path.of(property("trino.server-tarball"));
    Path staging =
        Files.createDirectories(cache.resolve("trino-unpack-" + ProcessHandle.current().pid()));
    // tar, not a Java unpacker: the tarball uses hard links.
    run(List.of("tar", "-xzf", tarball.toString(), "-C", staging.toString()));
    try {
      Files.move(staging.resolve("trino-server-" + version), home);
    } catch (FileAlreadyExistsException e) {
      // another build or launcher unpacked it first
    }
    run(List.of("rm", "-rf", staging.toString()));
    return home;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("Cannot run %s: it failed or timed out".formatted(command));
    }
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "Cannot start Trino: system property %s is not set (run through Maven)".formatted(name));
    }
    return value;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port", e);
    }
  }
}
