package io.watershed.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.intake.GzipBomb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private static final Path JAR = Path.of("target", "watershed-collector.jar");
  private static final Pattern LISTENING =
      Pattern.compile("collector intake listening on (http://127\\.0\\.0\\.1:\\d+)");

  @TempDir Path directory;

  @Test
  void holdsTheCollectorAndNeitherFlinkNorIcebergNorTheBroker() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("io.watershed.collector.CollectorMain");
      List<String> names = jar.stream().map(JarEntry::getName).toList();
      assertThat(names)
          .contains(
              "io/watershed/collector/CollectorMain.class",
              "io/netty/handler/codec/http/HttpServerCodec.class",
              "org/apache/kafka/clients/producer/KafkaProducer.class",
              "net/jpountz/lz4/LZ4Factory.class",
              "logback.xml")
          .noneMatch(name -> name.startsWith("org/apache/flink/"))
          .noneMatch(name -> name.startsWith("org/apache/iceberg/"))
          .noneMatch(name -> name.startsWith("kafka/") && name.endsWith(".class"))
          .noneMatch(name -> name.startsWith("scala/"))
          .noneMatch(name -> name.startsWith("org/junit/"))
          .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
    }
  }

  @Test
  void validateListsEveryErrorNumbered() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("bad.properties"),
            """
            intake.http-port=99999
            intake.max-body-bytes=lots
            intake.colour=blue
            kafka.acks=0
            """);

    Process process = start(List.of(), "validate", config.toString());
    String output = readAll(process);

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output)
        .contains("4 error(s)")
        .contains("1. Cannot use intake.http-port=99999: must be between 0 and 65535")
        .contains("2. Cannot use intake.max-body-bytes=lots: must be a whole number of bytes")
        .contains("3. Cannot use kafka.acks=0: the intake answers 202 only after acks=all")
        .contains("4. Cannot use intake.colour=blue: unknown key");
  }

  @Test
  void runServesGzipBombsWithASmallHeapUntilTerminated() throws Exception {
    KafkaBroker kafka = KafkaBroker.shared();
    String topic = kafka.createTopic("jar");
    Path config =
        Files.writeString(
            directory.resolve("collector.yaml"),
            """
            intake:
              http-port: 0
              app-keys: [demo]
              topic: %s
              bootstrap-servers: %s
              max-body-bytes: 8MiB
              max-inflight-bytes: 24MiB
            kafka:
              buffer.memory: 8388608
            """
                .formatted(topic, kafka.bootstrap()));
    // 64 MiB of heap: inflating one 1 GiB bomb, or holding four 8 MiB bodies at once beyond
    // the 24 MiB budget, would not fit (48 MiB left too little room for the producer and Netty
    // besides the budget: one clean CI run in four answered a bomb with 500)
    Process process =
        start(List.of("-Xmx64m", "-XX:MaxDirectMemorySize=32m"), "run", config.toString());
    List<String> lines = new ArrayList<>();
    CompletableFuture<String> address = new CompletableFuture<>();
    Thread reader = readLines(process, lines, address);
    try {
      URI uri = URI.create(address.get(60, TimeUnit.SECONDS));
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<CompletableFuture<HttpResponse<String>>> bombs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        bombs.add(
            client.sendAsync(
                HttpRequest.newBuilder(uri.resolve("/v1/ubc/client"))
                    .header("X-Watershed-App-Key", "demo")
                    .header("Content-Encoding", "gzip")
                    .POST(
                        HttpRequest.BodyPublishers.ofByteArray(
                            i % 2 == 0
                                ? GzipBomb.oneGigabyteOfZeros()
                                : GzipBomb.lyingAboutItsSize()))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      for (CompletableFuture<HttpResponse<String>> bomb : bombs) {
        assertThat(bomb.get(120, TimeUnit.SECONDS).statusCode())
            .as("collector output: %s", lines)
            .isIn(413, 503);
      }
      HttpResponse<String> accepted =
          client.send(
              HttpRequest.newBuilder(uri.resolve("/v1/ubc/server"))
                  .header("X-Watershed-App-Key", "demo")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"a\"}\n{\"id\":\"b\"}\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(uri.resolve("/health"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
      assertThat(accepted.body()).isEqualTo("{\"accepted\":2}");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(kafka.read(topic, 2, Duration.ofSeconds(30))).hasSize(2);
    } finally {
      // SIGTERM; Process.destroy() would also close the output we still read
      process.toHandle().destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    }
    synchronized (lines) {
      assertThat(lines)
          .anyMatch(line -> line.contains("collector stopped"))
          .noneMatch(line -> line.contains("OutOfMemoryError"));
    }
  }

  private Thread readLines(Process process, List<String> lines, CompletableFuture<String> address) {
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
                address.completeExceptionally(
                    new IllegalStateException("collector exited: " + String.join("\n", lines)));
              } catch (IOException e) {
                address.completeExceptionally(e);
              }
            });
    reader.start();
    return reader;
  }

  private static String readAll(Process process) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      return reader.lines().collect(Collectors.joining("\n"));
    }
  }

  private Process start(List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .start();
  }
}
