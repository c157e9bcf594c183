package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.monitor.MonitorClient.Answer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/pipeline} when parts of the pipeline are not configured or not there: each section
 * says so on its own and the others still answer. Real servers only: a Flink and a Trino nobody
 * listens for (free ports, refused by the operating system), and a server that is not Flink
 * (another monitor service, which answers Flink's paths with 404).
 */
class PipelineIT {
  @Test
  void withoutFlinkOrTrinoEverySectionSaysNotConfigured(@TempDir Path directory) {
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server = MonitorServer.start(MonitorFixtures.config(database, Map.of()))) {
      MonitorClient admin = new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN);
      String viewer =
          admin
              .post(
                  "/v1/tokens",
                  Map.of("name", "viewer-" + MonitorFixtures.suffix(), "role", "viewer"))
              .json()
              .path("token")
              .textValue();

      Answer answer = admin.as(viewer).get("/v1/pipeline");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      JsonNode pipeline = answer.json();
      assertThat(pipeline.path("checked_at").isIntegralNumber()).isTrue();
      assertThat(pipeline.at("/flink/status").textValue()).isEqualTo("not_configured");
      assertThat(pipeline.at("/flink/message").textValue())
          .isEqualTo("No Flink REST API is configured (monitor.flink.url)");
      for (String section : new String[] {"tables", "watermarks", "late"}) {
        assertThat(pipeline.at("/" + section + "/status").textValue())
            .as(section)
            .isEqualTo("not_configured");
        assertThat(pipeline.at("/" + section + "/message").textValue())
            .isEqualTo("The query API is off (monitor.trino.url is not set)");
      }

      // read permission: an agent token may not, no token is 401
      assertThat(admin.as(MonitorFixtures.AGENT_TOKEN).get("/v1/pipeline").status()).isEqualTo(403);
      assertThat(admin.as(null).get("/v1/pipeline").status()).isEqualTo(401);
    }
  }

  @Test
  void flinkAndTrinoDownMakeTheirSectionsUnavailable(@TempDir Path directory) throws IOException {
    int flinkPort = closedPort();
    int trinoPort = closedPort();
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server =
            MonitorServer.start(
                MonitorFixtures.config(
                    database,
                    Map.of(
                        "monitor.flink.url",
                        "http://127.0.0.1:" + flinkPort,
                        "monitor.flink.timeout",
                        "1s",
                        "monitor.trino.url",
                        "jdbc:trino://127.0.0.1:" + trinoPort,
                        "monitor.trino.query-timeout",
                        "1s")))) {
      MonitorClient admin = new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN);
      Answer answer = admin.get("/v1/pipeline");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      JsonNode pipeline = answer.json();
      assertThat(pipeline.at("/flink/status").textValue()).isEqualTo("unavailable");
      assertThat(pipeline.at("/flink/message").textValue())
          .isEqualTo(
              "Cannot read the Flink jobs: Flink's REST API is unreachable, did not answer in time"
                  + " or answered something unexpected (details in the server log)");
      assertThat(pipeline.at("/tables/status").textValue()).isEqualTo("unavailable");
      assertThat(pipeline.at("/tables/message").textValue())
          .isEqualTo(
              "Cannot read the lake tables' snapshots: Trino is unreachable or did not answer in"
                  + " time (details in the server log)");
      assertThat(pipeline.at("/watermarks/status").textValue()).isEqualTo("unavailable");
      assertThat(pipeline.at("/late/status").textValue()).isEqualTo("unavailable");
      assertThat(pipeline.at("/late/message").textValue())
          .startsWith("Cannot count the late records:");
      assertThat(answer.body())
          .doesNotContain(
              "127.0.0.1", Integer.toString(flinkPort), Integer.toString(trinoPort), "Exception");

      // the rest of the service serves on
      assertThat(admin.get("/health/ready").status()).isEqualTo(200);
      assertThat(admin.get("/v1/ubc-ids").status()).isEqualTo(200);
    }
  }

  @Test
  void aServerThatIsNotFlinkMakesTheJobsUnavailableAlone(@TempDir Path directory)
      throws IOException {
    try (TestDatabase notFlinkDatabase =
            TestDatabase.h2(Files.createDirectories(directory.resolve("not-flink")));
        MonitorServer notFlink =
            MonitorServer.start(MonitorFixtures.config(notFlinkDatabase, Map.of()));
        TestDatabase database = TestDatabase.h2(Files.createDirectories(directory.resolve("db")));
        MonitorServer server =
            MonitorServer.start(
                MonitorFixtures.config(
                    database, Map.of("monitor.flink.url", notFlink.uri().toString() + "/")))) {
      JsonNode pipeline =
          new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN).get("/v1/pipeline").json();
      // it answers 404 to /jobs/overview: not Flink's answer
      assertThat(pipeline.at("/flink/status").textValue()).isEqualTo("unavailable");
      assertThat(pipeline.at("/tables/status").textValue()).isEqualTo("not_configured");
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
