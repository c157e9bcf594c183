package io.watershed.bench.query;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query API's answer time (issue 18): {@code GET /v1/series} for a 24-hour range of one UBC ID
 * with a filter ({@code d1=android}) and a one-dimension grouping ({@code group=d2}, top 5 and
 * other), at 1-minute and 5-minute steps, against a baseline measured in the same run: the same SQL
 * sent straight through trino-jdbc ({@code explicitPrepare=false}, as the service sends it). The
 * two paths alternate, request by request, so both see the same Trino.
 */
final class QueryBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What the monitor sends for pv with one filter and a top-N grouping (monitor-service SeriesSql,
   * ranked); %s: the table and the bucket expression. Parameters: UBC ID, from, to, d1, N.
   */
  private static final String SERIES_SQL =
      """
      WITH per_member AS (
        SELECT %2$s AS bucket, d2 AS member, sum(pv) AS pv
        FROM %1$s
        WHERE ubc = ?
          AND window_start >= CAST(? AS timestamp(3) with time zone)
          AND window_start < CAST(? AS timestamp(3) with time zone)
          AND d1 = ?
        GROUP BY 1, 2),
      ranked AS (
        SELECT *, dense_rank() OVER (ORDER BY total DESC NULLS LAST, member ASC NULLS LAST) AS place
        FROM (SELECT *, sum(pv) OVER (PARTITION BY member) AS total FROM per_member)),
      labelled AS (
        SELECT *, place <= ? AS named FROM ranked)
      SELECT bucket, named, CASE WHEN named THEN member END AS member, min(place) AS place, \
      sum(pv) AS value
      FROM labelled
      GROUP BY 1, 2, 3""";

  private static final String FILTER = "android";
  private static final int TOP = 5;

  /** A measured path: its label and each request's time in milliseconds. */
  record Path(String label, List<Double> millis) {
    double percentile(double fraction) {
      List<Double> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      int rank = (int) Math.ceil(fraction * sorted.size());
      return sorted.get(Math.max(0, rank - 1));
    }

    double max() {
      return Collections.max(millis);
    }
  }

  private final URI monitor;
  private final String token;
  private final Connection trino;
  private final String ubc;
  private final long day;
  private final HttpClient http = HttpClient.newHttpClient();

  QueryBench(URI monitor, String token, Connection trino, String ubc, long day) {
    this.monitor = requireNonNull(monitor, "monitor is null");
    this.token = requireNonNull(token, "token is null");
    this.trino = requireNonNull(trino, "trino is null");
    this.ubc = requireNonNull(ubc, "ubc is null");
    this.day = day;
  }

  /** Warms both paths up, then measures {@code requests} of each, alternating. */
  List<Path> run(int warmup, int requests, PrintWriter out) throws Exception {
    Map<String, Path> paths = new LinkedHashMap<>();
    for (String step : List.of("1m", "5m")) {
      Path api = new Path("GET /v1/series, step " + step, new ArrayList<>());
      Path jdbc = new Path("trino-jdbc, the same SQL, step " + step, new ArrayList<>());
      for (int i = 0; i < warmup + requests; i++) {
        double apiMillis = series(step);
        double jdbcMillis = jdbc(step);
        if (i >= warmup) {
          api.millis().add(apiMillis);
          jdbc.millis().add(jdbcMillis);
        }
      }
      paths.put(api.label(), api);
      paths.put(jdbc.label(), jdbc);
      out.printf(
          "measured step %s: %d requests each path (after %d to warm up)%n",
          step, requests, warmup);
    }
    return List.copyOf(paths.values());
  }

  /** One API request; checks the answer's shape: every point, the top groups and other. */
  private double series(String step) throws IOException, InterruptedException {
    String path =
        "/v1/series?ubc=%s&metric=pv&step=%s&from=%d&to=%d&d1=%s&group=d2&top=%d"
            .formatted(ubc, step, day, day + 24L * 3_600_000, FILTER, TOP);
    HttpRequest request =
        HttpRequest.newBuilder(monitor.resolve(path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(60))
            .GET()
            .build();
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(UTF_8));
    double millis = (System.nanoTime() - start) / 1e6;
    if (response.statusCode() != 200) {
      throw new IOException(
          "Cannot read the series: %d %s".formatted(response.statusCode(), response.body()));
    }
    JsonNode answer = JSON.readTree(response.body());
    int points = step.equals("1m") ? 1440 : 288;
    if (answer.path("timestamps").size() != points || answer.path("series").size() != TOP + 1) {
      throw new IOException(
          "Cannot use the series: %d points and %d series, expected %d and %d; load the windows"
                  .formatted(
                      answer.path("timestamps").size(),
                      answer.path("series").size(),
                      points,
                      TOP + 1)
              + " again with --reload");
    }
    return millis;
  }

  /** The same query through trino-jdbc, every row read. */
  private double jdbc(String step) throws SQLException {
    String table = step.equals("1m") ? "lake.ubc.metrics_1m" : "lake.ubc.metrics_5m";
    String sql = SERIES_SQL.formatted(table, "CAST(to_unixtime(window_start) * 1000 AS bigint)");
    long start = System.nanoTime();
    int rows = 0;
    try (PreparedStatement statement = trino.prepareStatement(sql)) {
      statement.setString(1, ubc);
      statement.setString(2, BenchWindows.timestamp(day));
      statement.setString(3, BenchWindows.timestamp(day + 24L * 3_600_000));
      statement.setString(4, FILTER);
      statement.setLong(5, TOP);
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          rows++;
        }
      }
    }
    if (rows == 0) {
      throw new SQLException("Cannot use the baseline: the same SQL read no rows");
    }
    return (System.nanoTime() - start) / 1e6;
  }

  /** The table, and whether the API met the target (p50 <= 300 ms, p95 <= 1 s). */
  static boolean print(List<Path> paths, PrintWriter out) {
    out.println();
    out.println("| path | requests | p50 ms | p95 ms | max ms |");
    out.println("|---|---:|---:|---:|---:|");
    boolean met = true;
    for (Path path : paths) {
      out.printf(
          "| %s | %d | %.0f | %.0f | %.0f |%n",
          path.label(),
          path.millis().size(),
          path.percentile(0.50),
          path.percentile(0.95),
          path.max());
      if (path.label().startsWith("GET")) {
        met &= path.percentile(0.50) <= 300 && path.percentile(0.95) <= 1000;
      }
    }
    out.println();
    out.printf(
        "target for GET /v1/series (24 h, one filter, one grouping): p50 <= 300 ms and p95 <= 1000"
            + " ms: %s%n",
        met ? "MET" : "MISSED");
    return met;
  }
}
