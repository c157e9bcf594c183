package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Trino that does not answer (a free port nobody listens on): the service starts and is ready,
 * the query API answers 503 query_unavailable without naming the URL, and the rest serves on. Real
 * trino-jdbc connections through the real pool, refused by the operating system.
 */
class TrinoDownIT {
  @Test
  void queriesAnswerUnavailableAndReadinessStaysUp(@TempDir Path directory) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server =
            MonitorServer.start(
                MonitorFixtures.config(
                    database,
                    Map.of(
                        "monitor.trino.url",
                        "jdbc:trino://127.0.0.1:" + closedPort,
                        "monitor.trino.query-timeout",
                        "1s")))) {
      MonitorClient admin = new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN);

      assertThat(admin.get("/health/ready").status()).isEqualTo(200);
      for (MonitorClient.Answer answer :
          new MonitorClient.Answer[] {
            admin.get("/v1/series?ubc=ubc_0001&group=d1&compare=day"),
            admin.get("/v1/watermark"),
            admin.post("/v1/sql", Map.of("sql", "SELECT 1"))
          }) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
        assertThat(answer.json().at("/error/code").textValue()).isEqualTo("query_unavailable");
        assertThat(answer.json().at("/error/message").textValue())
            .contains("Trino is unreachable or did not answer in time")
            .doesNotContain("jdbc:", "127.0.0.1", "Exception");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
      }
      assertThat(admin.get("/health").status()).isEqualTo(200);
      assertThat(admin.get("/v1/ubc-ids").status()).isEqualTo(200);
    }
  }
}
