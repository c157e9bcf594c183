package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake routes of a server with the lake tables and no Trino: health, an on-demand round (its
 * Trino steps skipped, retention run), their refusals, and the metrics they leave.
 */
class LakeRoutesIT {
  private static final String TOKEN = "watershed-test-token-0001";
  private static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private CatalogServer server;
  private HttpCalls http;

  @BeforeEach
  void start() {
    server =
        CatalogServer.start(
            CatalogFixtures.config(
                CatalogDatabase.h2(directory.resolve("db")),
                directory.resolve("warehouse"),
                CatalogFixtures.uniqueName(),
                Map.of("catalog.auth-tokens", TOKEN, "catalog.init-lake-tables", "true")));
    http = HttpCalls.to(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthCoversEveryLakeTableAndNeedsTheToken() throws Exception {
    assertThat(http.get("/v1/watershed/lake/health").statusCode()).isEqualTo(401);

    HttpResponse<String> health = http.get("/v1/watershed/lake/health", AUTH);

    assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
    List<String> tables = new ArrayList<>();
    JSON.readTree(health.body()).path("tables").forEach(t -> tables.add(t.path("table").asText()));
    assertThat(tables)
        .containsExactly(
            "logs.lines",
            "ubc.events",
            "ubc.rejects",
            "ubc.metrics_1m",
            "ubc.metrics_5m",
            "ubc.late",
            "ops.progress",
            "ubc.corrections");
    assertThat(http.get("/v1/config", AUTH).body()).doesNotContain("watershed");
    assertThat(http.get("/metrics").body())
        .contains("watershed_lake_data_files{table=\"ubc.late\"} 0.0");
  }

  @Test
  void aRoundWithoutTrinoRunsRetentionAndSkipsTheRest() throws Exception {
    HttpResponse<String> queued = http.post("/v1/watershed/lake/upkeep?table=ubc.late", "", AUTH);
    assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
    String id = JSON.readTree(queued.body()).path("id").asText();

    JsonNode round = awaitFinished(id);

    assertThat(round.path("scope").asText()).isEqualTo("ubc.late");
    Map<String, String> outcomes = new java.util.LinkedHashMap<>();
    round
        .path("tables")
        .get(0)
        .path("steps")
        .forEach(step -> outcomes.put(step.path("step").asText(), step.path("outcome").asText()));
    assertThat(outcomes)
        .containsExactly(
            Map.entry("retention", "done"),
            Map.entry("optimize", "skipped"),
            Map.entry("optimize_manifests", "skipped"),
            Map.entry("expire_snapshots", "skipped"),
            Map.entry("remove_orphan_files", "skipped"));
    assertThat(http.get("/metrics").body())
        .contains(
            "watershed_lake_upkeep_runs_total{outcome=\"done\",step=\"retention\","
                + "table=\"ubc.late\"} 1.0")
        .contains(
            "watershed_lake_upkeep_runs_total{outcome=\"skipped\",step=\"optimize\","
                + "table=\"ubc.late\"} 1.0");
  }

  @Test
  void refusalsNameWhatWasWrong() {
    HttpResponse<String> unknown = http.post("/v1/watershed/lake/upkeep?table=ubc.nope", "", AUTH);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Cannot find lake table ubc.nope").doesNotContain("\tat ");

    HttpResponse<String> age =
        http.post("/v1/watershed/lake/upkeep?snapshot-retention=soon", "", AUTH);
    assertThat(age.statusCode()).isEqualTo(400);
    assertThat(age.body()).contains("Cannot read query parameter snapshot-retention=soon");

    HttpResponse<String> young =
        http.post("/v1/watershed/lake/upkeep?snapshot-retention=5s", "", AUTH);
    assertThat(young.statusCode()).isEqualTo(400);
    assertThat(young.body()).contains("Cannot expire snapshots younger than 1m");

    HttpResponse<String> round = http.get("/v1/watershed/lake/upkeep/nothing", AUTH);
    assertThat(round.statusCode()).isEqualTo(404);
    assertThat(round.body()).contains("Cannot find upkeep round nothing");
  }

  private JsonNode awaitFinished(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode round = JSON.readTree(http.get("/v1/watershed/lake/upkeep/" + id, AUTH).body());
      if (round.path("status").asText().equals("finished") || System.nanoTime() > deadline) {
        return round;
      }
      Thread.sleep(200);
    }
  }
}
