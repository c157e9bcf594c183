package io.watershed.collector.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentHttpTest {
  private static final int HALF_REQUESTS = 8;

  @Test
  void clientsThatNeverFinishTheirHeadersBlockNoOneAndAreClosed() throws Exception {
    try (AgentHttp http =
        AgentHttp.start(
            "127.0.0.1",
            0,
            new Metrics(),
            () -> true,
            () -> "{\"status\":\"up\"}",
            Duration.ofSeconds(2))) {
      List<Socket> halves = new ArrayList<>();
      try {
        for (int i = 0; i < HALF_REQUESTS; i++) {
          Socket socket = new Socket("127.0.0.1", http.port());
          socket.setSoTimeout(30_000);
          OutputStream out = socket.getOutputStream();
          out.write("GET /health HTTP/1.1\r\nHost: agent\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          halves.add(socket);
        }
        HttpClient client = HttpClient.newHttpClient();
        URI base = URI.create("http://127.0.0.1:" + http.port());

        HttpResponse<String> health = get(client, base.resolve("/health"));
        HttpResponse<String> metrics = get(client, base.resolve("/metrics"));
        HttpResponse<String> missing = get(client, base.resolve("/other"));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("\"error\":\"not_found\"");
        for (Socket half : halves) {
          // closed by the server at the request deadline, with no answer
          assertThat(readToEnd(half.getInputStream())).isEmpty();
        }
      } finally {
        for (Socket half : halves) {
          half.close();
        }
      }
    }
  }

  @Test
  void aStoppedReaderIs500() throws Exception {
    try (AgentHttp http = AgentHttp.start("127.0.0.1", 0, new Metrics(), () -> false, () -> "{}")) {
      HttpResponse<String> health =
          get(
              HttpClient.newHttpClient(),
              URI.create("http://127.0.0.1:" + http.port() + "/health"));

      assertThat(health.statusCode()).isEqualTo(500);
      assertThat(health.body())
          .isEqualTo(
              "{\"error\":\"internal_error\",\"message\":\"Cannot read files: the agent's reading"
                  + " thread stopped\",\"retriable\":false}");
    }
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    // a bound, not a timing assertion: on a server that hangs the test fails instead of hanging
    return client
        .sendAsync(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
            HttpResponse.BodyHandlers.ofString())
        .get();
  }

  private static String readToEnd(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
