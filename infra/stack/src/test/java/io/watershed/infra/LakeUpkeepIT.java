package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.infra.internal.WebHdfs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One lake upkeep round on the shared stack, started the way {@code ./watershed lake upkeep --table
 * ubc.late} starts it: 30 small Trino INSERTs into {@code ubc.late} under a UBC id of its own, rows
 * 40 days old (beyond the 30-day retention), 20 days old and of today; then the round must keep
 * every row it should (counted through Trino), compact the small files, drop exactly the old
 * partition, expire the snapshots beyond the retention while time travel within it works, and
 * remove an old stray file while a young one stays.
 */
class LakeUpkeepIT {
  private static final int INSERTS = 30;

  /** Snapshots older than this are expired in the test's round (the smallest allowed is 1m). */
  private static final Duration SNAPSHOT_RETENTION = Duration.ofSeconds(75);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aRoundCompactsExpiresDropsAndCleansWithoutLosingARow() throws Exception {
    LocalStack stack = TestStack.shared();
    String ubc = TestStack.unique("upkeep");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate old = today.minusDays(40);
    LocalDate kept = today.minusDays(20);
    try (Connection trino = TrinoQueries.connect(stack)) {
      for (int i = 0; i < INSERTS / 2; i++) {
        insert(trino, ubc, i, List.of(old, kept, today));
      }
      // The first half's snapshots are all at or before this: beyond the retention in the round.
      String firstHalfEnd =
          TrinoQueries.column(
                  trino,
                  "SELECT CAST(max(committed_at) AS varchar) FROM lake.ubc.\"late$snapshots\"")
              .get(0);
      long firstHalfDone = System.currentTimeMillis();
      for (int i = INSERTS / 2; i < INSERTS; i++) {
        insert(trino, ubc, i, List.of(old, kept, today));
      }
      String lastSnapshot =
          TrinoQueries.column(
                  trino,
                  "SELECT CAST(snapshot_id AS varchar) FROM lake.ubc.\"late$snapshots\""
                      + " ORDER BY committed_at DESC LIMIT 1")
              .get(0);
      Map<LocalDate, Long> before = rowsPerDay(trino, ubc);
      assertThat(before).isEqualTo(Map.of(old, 30L, kept, 30L, today, 30L));
      long keptFilesBefore = filesOn(trino, kept);
      assertThat(keptFilesBefore).isGreaterThanOrEqualTo(INSERTS);

      String nameNode = "http://" + stack.config().host() + ":" + stack.config().hdfsHttpPort();
      String dataDirectory = dataDirectory(trino);
      String oldStray = dataDirectory + "/stray-old-" + ubc + ".parquet";
      String youngStray = dataDirectory + "/stray-young-" + ubc + ".parquet";
      Path content = Files.writeString(Files.createTempFile("stray", ".parquet"), "not parquet");
      WebHdfs.put(nameNode, oldStray, content);
      WebHdfs.put(nameNode, youngStray, content);
      setModificationTime(
          nameNode, oldStray, System.currentTimeMillis() - Duration.ofDays(10).toMillis());

      long wait =
          firstHalfDone + SNAPSHOT_RETENTION.toMillis() + 5_000 - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      JsonNode round =
          LakeClient.of(stack.config())
              .upkeep(
                  Optional.of("ubc.late"),
                  Optional.of(SNAPSHOT_RETENTION.toSeconds() + "s"),
                  Duration.ofMinutes(4));
      LakeCommand.printRound(round, System.out);
      Map<String, String> outcomes = new HashMap<>();
      round
          .path("tables")
          .get(0)
          .path("steps")
          .forEach(step -> outcomes.put(step.path("step").asText(), step.path("outcome").asText()));
      assertThat(outcomes)
          .as(round.toString())
          .isEqualTo(
              Map.of(
                  "retention", "done",
                  "optimize", "done",
                  "optimize_manifests", "done",
                  "expire_snapshots", "done",
                  "remove_orphan_files", "done"));

      // retention: exactly the partition beyond 30 days went; every other row is still there
      assertThat(rowsPerDay(trino, ubc)).isEqualTo(Map.of(kept, 30L, today, 30L));
      assertThat(filesOn(trino, old)).isZero();
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT count(DISTINCT event_id) FROM lake.ubc.late WHERE ubc = '%s'"
                      .formatted(ubc)))
          .containsExactly("60");
      // compaction: the small files of the kept day are a few now
      long keptFilesAfter = filesOn(trino, kept);
      assertThat(keptFilesAfter).isLessThanOrEqualTo(2).isLessThan(keptFilesBefore);
      // expiry: the first half's snapshots are gone; time travel within the retention still works
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT count(*) FROM lake.ubc.\"late$snapshots\" WHERE committed_at <= "
                      + "CAST('%s' AS timestamp(3) with time zone)".formatted(firstHalfEnd)))
          .containsExactly("0");
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT count(*) FROM lake.ubc.late FOR VERSION AS OF %s WHERE ubc = '%s'"
                      .formatted(lastSnapshot, ubc)))
          .containsExactly("90");
      // orphans: the 10-day-old stray file went, the young one stays (3-day safety margin)
      assertThat(exists(nameNode, oldStray)).isFalse();
      assertThat(exists(nameNode, youngStray)).isTrue();
      delete(nameNode, youngStray);

      // health and metrics of the table after the round
      List<JsonNode> health = LakeClient.of(stack.config()).health(Optional.of("ubc.late"));
      LakeCommand.printHealth(health, System.out);
      assertThat(health).hasSize(1);
      assertThat(health.get(0).path("data-files").asLong()).isPositive();
      assertThat(health.get(0).path("max-data-files-per-partition").asLong()).isPositive();
      String metrics =
          http.send(
                  HttpRequest.newBuilder(URI.create(stack.config().catalogUri() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .containsPattern("watershed_lake_data_files\\{table=\"ubc.late\"} [1-9]")
          .containsPattern(
              "watershed_lake_upkeep_runs_total\\{[^}]*step=\"optimize\"[^}]*table=\"ubc.late\"[^}]*}"
                  + " [1-9]|watershed_lake_upkeep_runs_total\\{table=\"ubc.late\",step=\"optimize\",outcome=\"done\"}"
                  + " [1-9]");
    }
  }

  private static void insert(Connection trino, String ubc, int batch, List<LocalDate> days)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    for (LocalDate day : days) {
      String ts = "TIMESTAMP '%s 12:00:00.000 UTC'".formatted(day);
      rows.add(
          "('%s-%d-%s', '%s', 'event', %s, 'it-upkeep', %s, current_timestamp(6))"
              .formatted(ubc, batch, day, ubc, ts, ts));
    }
    try (Statement statement = trino.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO lake.ubc.late (event_id, ubc, log_type, report_ts, job, watermark, late_ts)"
              + " VALUES "
              + String.join(", ", rows));
    }
  }

  private static Map<LocalDate, Long> rowsPerDay(Connection trino, String ubc) throws SQLException {
    Map<LocalDate, Long> days = new HashMap<>();
    for (String row :
        TrinoQueries.rows(
            trino,
            ("SELECT CAST(CAST(report_ts AS date) AS varchar), count(*) FROM lake.ubc.late"
                    + " WHERE ubc = '%s' GROUP BY 1")
                .formatted(ubc))) {
      String[] fields = row.split("\\|");
      days.put(LocalDate.parse(fields[0]), Long.parseLong(fields[1]));
    }
    return days;
  }

  private static long filesOn(Connection trino, LocalDate day) throws SQLException {
    return Long.parseLong(
        TrinoQueries.column(
                trino,
                "SELECT count(*) FROM lake.ubc.\"late$files\" WHERE partition.report_ts_day = DATE"
                    + " '%s'".formatted(day))
            .get(0));
  }

  /** The table's data directory on HDFS, as an absolute path (no scheme and authority). */
  private static String dataDirectory(Connection trino) throws SQLException {
    String file =
        TrinoQueries.column(trino, "SELECT file_path FROM lake.ubc.\"late$files\" LIMIT 1").get(0);
    String path = URI.create(file).getPath();
    return path.substring(0, path.indexOf("/data/") + "/data".length());
  }

  private void setModificationTime(String nameNode, String path, long millis) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        nameNode
                            + "/webhdfs/v1"
                            + path
                            + "?op=SETTIMES&modificationtime="
                            + millis
                            + "&user.name="
                            + System.getProperty("user.name", "watershed")))
                .PUT(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  private boolean exists(String nameNode, String path) throws IOException, InterruptedException {
    int status =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(nameNode + "/webhdfs/v1" + path + "?op=GETFILESTATUS"))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
            .statusCode();
    assertThat(status).isIn(200, 404);
    return status == 200;
  }

  private void delete(String nameNode, String path) throws IOException, InterruptedException {
    http.send(
        HttpRequest.newBuilder(
                URI.create(
                    nameNode
                        + "/webhdfs/v1"
                        + path
                        + "?op=DELETE&user.name="
                        + System.getProperty("user.name", "watershed")))
            .DELETE()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
