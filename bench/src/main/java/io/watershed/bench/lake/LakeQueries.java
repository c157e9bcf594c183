package io.watershed.bench.lake;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two queries the bench times: the README's minute-level chart (one UBC id, two dimension
 * filters, 24 hours of {@code ubc.metrics_1m}, with finality from {@code ops.progress}) and an
 * aggregation of a whole day of {@code ubc.events}; on the live tables or on fresh copies.
 */
final class LakeQueries {
  /** The live tables: metrics, events. */
  static final Tables LIVE = new Tables("lake.ubc.metrics_1m", "lake.ubc.events");

  /** Where the queries read. */
  record Tables(String minutes, String events) {}

  private static final String MINUTE_QUERY =
      """
      SELECT m.window_start, sum(m.pv) AS pv, sum(m.duration_ms) AS duration_ms,
        max(m.window_end) <= max(p.watermark) AS final
      FROM %1$s m
      CROSS JOIN (SELECT max(watermark) AS watermark FROM lake.ops.progress
        WHERE job = 'watershed-ubc_windows') p
      WHERE m.ubc = '%2$s' AND m.d1 = 'android' AND m.d3 = 'wifi'
        AND m.window_start >= TIMESTAMP '%3$s 00:00:00 UTC'
        AND m.window_start < TIMESTAMP '%3$s 00:00:00 UTC' + INTERVAL '1' DAY
      GROUP BY m.window_start
      ORDER BY m.window_start""";

  private static final String DAY_QUERY =
      """
      SELECT ubc, log_type, count(*) AS events, sum(duration_ms) AS duration_ms
      FROM %1$s
      WHERE report_ts >= TIMESTAMP '%2$s 00:00:00 UTC'
        AND report_ts < TIMESTAMP '%2$s 00:00:00 UTC' + INTERVAL '1' DAY
      GROUP BY 1, 2""";

  static final String MINUTE = "minute query (README)";
  static final String DAY = "24 h of ubc.events";

  private final String ubc;
  private final LocalDate day;
  private final int runs;

  LakeQueries(String ubc, LocalDate day, int runs) {
    this.ubc = requireNonNull(ubc, "ubc is null");
    this.day = requireNonNull(day, "day is null");
    this.runs = runs;
  }

  Map<String, TimedQuery> run(Connection trino, Tables tables) throws SQLException {
    Map<String, TimedQuery> times = new LinkedHashMap<>();
    times.put(
        MINUTE, TimedQuery.run(trino, MINUTE_QUERY.formatted(tables.minutes(), ubc, day), runs));
    times.put(DAY, TimedQuery.run(trino, DAY_QUERY.formatted(tables.events(), day), runs));
    return times;
  }

  /**
   * The same queries on copies of the day written at once (CREATE TABLE AS: a few large files, one
   * snapshot), dropped afterwards: the freshly compacted baseline.
   */
  Map<String, TimedQuery> onFreshCopies(Connection trino, PrintWriter out) throws SQLException {
    String suffix = ubc.replaceAll("\\W", "_");
    Tables copies = new Tables("lake.bench.minutes_" + suffix, "lake.bench.events_" + suffix);
    out.println("Copying the day into fresh tables (the baseline)...");
    out.flush();
    LakeCommand.execute(trino, "CREATE SCHEMA IF NOT EXISTS lake.bench");
    try {
      LakeCommand.execute(
          trino,
          ("CREATE TABLE %s WITH (partitioning = ARRAY['day(window_start)'],"
                  + " sorted_by = ARRAY['window_start', 'ubc']) AS SELECT * FROM %s"
                  + " WHERE window_start >= TIMESTAMP '%s 00:00:00 UTC'"
                  + " AND window_start < TIMESTAMP '%3$s 00:00:00 UTC' + INTERVAL '1' DAY")
              .formatted(copies.minutes(), LIVE.minutes(), day));
      LakeCommand.execute(
          trino,
          ("CREATE TABLE %s WITH (partitioning = ARRAY['day(report_ts)']) AS SELECT * FROM %s"
                  + " WHERE report_ts >= TIMESTAMP '%s 00:00:00 UTC'"
                  + " AND report_ts < TIMESTAMP '%3$s 00:00:00 UTC' + INTERVAL '1' DAY")
              .formatted(copies.events(), LIVE.events(), day));
      return run(trino, copies);
    } finally {
      LakeCommand.execute(trino, "DROP TABLE IF EXISTS " + copies.minutes());
      LakeCommand.execute(trino, "DROP TABLE IF EXISTS " + copies.events());
    }
  }
}
