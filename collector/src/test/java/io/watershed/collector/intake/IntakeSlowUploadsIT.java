package io.watershed.collector.intake;

import static io.watershed.collector.intake.HttpCalls.json;
import static io.watershed.collector.intake.HttpCalls.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Uploads that declare a large body and trickle it: they hold only the bytes that arrived, so other
 * clients are served, and they end with 408 at {@code intake.request-timeout}.
 */
class IntakeSlowUploadsIT extends IntakeTesting {
  private static final int SLOW_UPLOADS = 8;
  private static final int DECLARED = 8 * 1024 * 1024;

  @Test
  void slowUploadsDoNotShutOthersOutAndEndWith408AtTheDeadline() throws Exception {
    String topic = kafka.createTopic("slow");
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), topic);
    config.maxBodyBytes = DECLARED;
    config.maxInflightBytes = 64L * 1024 * 1024;
    config.requestTimeout = Duration.ofSeconds(4);
    IntakeServer server = start(config);
    List<Socket> uploads = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW_UPLOADS; i++) {
        Socket socket = new Socket(server.uri().getHost(), server.uri().getPort());
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v1/ubc/client HTTP/1.1\r\nHost: intake\r\nX-Watershed-App-Key: demo\r\n"
                    + "Content-Length: "
                    + DECLARED
                    + "\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        uploads.add(socket);
      }
      // every upload started its body: each holds what arrived (64 KiB at first), no more
      awaitInflightBytes(server, SLOW_UPLOADS * 64L * 1024);

      HttpResponse<String> other =
          calls(server).post("/v1/ubc/client", utf8("{\"id\":\"a\"}\n{\"id\":\"b\"}"), DEMO);

      assertThat(other.statusCode()).as(other.body()).isEqualTo(202);
      assertThat(json(other).get("accepted").asInt()).isEqualTo(2);
      assertThat(server.inflightBytes()).isLessThan(SLOW_UPLOADS * 128L * 1024);
      for (Socket upload : uploads) {
        String answer = RawHttp.readAll(upload);
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(answer).contains("\"error\":\"request_timeout\"");
        assertThat(answer)
            .contains(
                "Cannot read the request within intake.request-timeout (4000 ms): 1 body bytes"
                    + " arrived");
        assertThat(answer).doesNotEndWith(RawHttp.STILL_OPEN);
      }
    } finally {
      for (Socket upload : uploads) {
        upload.close();
      }
    }
    assertThat(settledInflightBytes(server)).isZero();
    assertThat(byIndex(kafka.read(topic, 2, READ_TIMEOUT)))
        .extracting(record -> text(record.value()))
        .containsExactly("{\"id\":\"a\"}", "{\"id\":\"b\"}");
  }

  private static void awaitInflightBytes(IntakeServer server, long bytes)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (server.inflightBytes() < bytes && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.inflightBytes()).isGreaterThanOrEqualTo(bytes);
  }
}
