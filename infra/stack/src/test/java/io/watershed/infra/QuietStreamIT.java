package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.contracts.Topics;
import io.watershed.kit.config.Durations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Windows close on a quiet stream (issue 18): a burst of records with the current report time is
 * posted to the intake of the shared stack just before a minute ends, then nothing. The intake's
 * ticks (contracts Ticks) move the window job's watermark on, so lake.ops.progress passes the last
 * minute's end within the watermark delay, 15 s and one checkpoint of the window job (its commit)
 * after that minute ended, and the minute's row is in lake.ubc.metrics_1m with the exact count.
 */
class QuietStreamIT {
  private static final String JOB = "watershed-ubc_windows";
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final int REQUESTS = 5;
  private static final int RECORDS_PER_REQUEST = 40;

  private static LocalStack stack;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
  }

  @Test
  void theLastMinuteClosesWhenTrafficStops() throws Exception {
    Duration delay =
        Durations.parse(stack.config().jobSettings().getOrDefault("jobs.watermark-delay", "10s"));
    Duration windowsCheckpoint =
        min(
            Durations.parse(
                stack
                    .config()
                    .jobSettings()
                    .getOrDefault("jobs.windows-checkpoint-interval", "10s")),
            stack.config().checkpointInterval());
    Duration bound = delay.plusSeconds(15).plus(windowsCheckpoint);
    String ubc = TestStack.unique("quiet");

    // Records with the current report time must be on time: another test may have left the
    // watermark ahead of the clock (generated traffic reports up to minutes ahead).
    WindowJobWatermark.awaitBehindTheClock(stack, TIMEOUT);
    // Post in the last seconds of a minute, so the last minute ends right after the last post.
    long second = System.currentTimeMillis() % 60_000;
    Thread.sleep(second < 50_000 ? 50_000 - second : 110_000 - second);

    TreeMap<Long, Long> perMinute = new TreeMap<>();
    long sequence = 0;
    for (int request = 0; request < REQUESTS; request++) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
        long now = System.currentTimeMillis();
        body.append(
                "{\"id\":\"%s-%d\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"common\":{\"did\":\"d%d\"}}"
                    .formatted(ubc, sequence++, ubc, now, now, i))
            .append('\n');
        perMinute.merge(now / 60_000 * 60_000, 1L, Long::sum);
      }
      post(body.toString());
    }
    long lastPost = System.currentTimeMillis();
    long lastMinute = perMinute.lastKey();
    long lastMinuteEnd = lastMinute + 60_000;
    // The clock starts when the traffic stopped and the minute was over, whichever came last.
    long quietFrom = Math.max(lastPost, lastMinuteEnd);

    long progressAt = -1;
    long rowAt = -1;
    long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
    try (Connection trino = TrinoQueries.connect(stack)) {
      while ((progressAt < 0 || rowAt < 0) && System.currentTimeMillis() < deadline) {
        try {
          if (progressAt < 0 && progress(trino) >= lastMinuteEnd) {
            progressAt = System.currentTimeMillis();
          }
          if (rowAt < 0
              && !TrinoQueries.column(
                      trino,
                      "SELECT sum(pv) FROM lake.ubc.metrics_1m WHERE ubc = '%s' AND window_start = from_unixtime(%d)"
                          .formatted(ubc, lastMinute / 1000))
                  .stream()
                  .allMatch(value -> value == null)) {
            rowAt = System.currentTimeMillis();
          }
        } catch (SQLException e) {
          // One failed poll is not the answer (Trino's HDFS reader has reported "Call interrupted"
          // on a split of ops.progress, which takes a commit a minute); the next poll asks again.
          System.out.println("quiet stream: a poll failed, polling on: " + e.getMessage());
        }
        Thread.sleep(250);
      }
      System.out.printf(
          "quiet stream: %d records posted until %s, last minute ends %s; lake.ops.progress passed"
              + " it %.1f s after the last post (%.1f s after the quiet began), its metrics_1m row"
              + " was readable after %.1f s (%.1f s); bound %d s (watermark delay %d s + 15 s +"
              + " checkpoint %d s)%n",
          REQUESTS * RECORDS_PER_REQUEST,
          Instant.ofEpochMilli(lastPost),
          Instant.ofEpochMilli(lastMinuteEnd),
          seconds(progressAt, lastPost),
          seconds(progressAt, quietFrom),
          seconds(rowAt, lastPost),
          seconds(rowAt, quietFrom),
          bound.toSeconds(),
          delay.toSeconds(),
          windowsCheckpoint.toSeconds());
      assertThat(progressAt)
          .as("lake.ops.progress passed %s", Instant.ofEpochMilli(lastMinuteEnd))
          .isPositive();
      assertThat(rowAt).as("the last minute's row in lake.ubc.metrics_1m").isPositive();
      assertThat(Duration.ofMillis(progressAt - quietFrom)).isLessThanOrEqualTo(bound);

      // Exact: every record counted once, none late; no tick counted.
      Map<Long, Long> counted = new TreeMap<>();
      for (String row :
          TrinoQueries.rows(
              trino,
              "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM lake.ubc.metrics_1m WHERE ubc = '%s' GROUP BY 1"
                  .formatted(ubc))) {
        String[] parts = row.split("\\|");
        counted.put((long) Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
      }
      assertThat(counted).isEqualTo(perMinute);
      assertThat(
              TrinoQueries.column(
                  trino, "SELECT count(*) FROM lake.ubc.late WHERE ubc = '%s'".formatted(ubc)))
          .containsExactly("0");
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT count(*) FROM lake.ubc.metrics_1m WHERE ubc IS NULL OR log_type = 'tick'"))
          .containsExactly("0");
    }
  }

  /** This window job's watermark in lake.ops.progress, epoch ms, or -1 before its first minute. */
  private static long progress(Connection trino) throws Exception {
    List<String> rows =
        TrinoQueries.column(
            trino,
            "SELECT to_unixtime(watermark) * 1000 FROM lake.ops.progress WHERE job = '%s' AND source = '%s'"
                .formatted(JOB, Topics.MONITOR));
    return rows.isEmpty() || rows.get(0) == null ? -1 : (long) Double.parseDouble(rows.get(0));
  }

  private void post(String body) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.config().intakeUri() + "/v1/ubc/client"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Watershed-App-Key", "demo")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static double seconds(long at, long from) {
    return at < 0 ? Double.NaN : (at - from) / 1000.0;
  }
}
