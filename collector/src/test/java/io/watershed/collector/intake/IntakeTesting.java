package io.watershed.collector.intake;

import static io.watershed.collector.intake.HttpCalls.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;

/** What the intake ITs share: the test JVM's broker, intakes stopped after each test, helpers. */
abstract class IntakeTesting {
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  static final Map<String, String> DEMO = Map.of("X-Watershed-App-Key", TestIntakeConfig.DEMO_KEY);

  final KafkaBroker kafka = KafkaBroker.shared();
  private final List<IntakeServer> servers = new ArrayList<>();

  @AfterEach
  void stopServers() {
    servers.forEach(IntakeServer::close);
  }

  IntakeServer start(TestIntakeConfig config) {
    IntakeServer server = IntakeServer.start(config.build(), Map.of());
    servers.add(server);
    return server;
  }

  static HttpCalls calls(IntakeServer server) {
    return new HttpCalls(server.uri());
  }

  /** JSON lines of about {@code bytes} bytes in all, exactly that many. */
  static byte[] lines(int bytes) {
    StringBuilder body = new StringBuilder();
    int i = 0;
    while (body.length() < bytes - 40) {
      body.append("{\"id\":\"l").append(i++).append("\"}\n");
    }
    int pad = bytes - body.length() - 10;
    body.append("{\"pad\":\"").append("p".repeat(pad)).append("\"}");
    assertThat(body.length()).isEqualTo(bytes);
    return utf8(body.toString());
  }

  static List<ConsumerRecord<byte[], byte[]>> byIndex(
      List<ConsumerRecord<byte[], byte[]>> records) {
    List<ConsumerRecord<byte[], byte[]>> sorted = new ArrayList<>(records);
    sorted.sort(
        (a, b) ->
            Integer.compare(
                Integer.parseInt(header(a, "batch_index")),
                Integer.parseInt(header(b, "batch_index"))));
    return sorted;
  }

  static List<String> headerNames(ConsumerRecord<byte[], byte[]> record) {
    List<String> names = new ArrayList<>();
    for (Header header : record.headers()) {
      names.add(header.key());
    }
    return names;
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : text(header.value());
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  /**
   * The in-flight bytes once the server is done with the requests answered so far: a request's
   * budget is released just after its answer is written, so the client may see the answer first.
   */
  static long settledInflightBytes(IntakeServer server) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.inflightBytes() != 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return server.inflightBytes();
  }
}
