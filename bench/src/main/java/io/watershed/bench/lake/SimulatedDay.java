package io.watershed.bench.lake;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A day of streaming commits, compressed in time: {@code commits} small commits spread over the day
 * into each of {@code ubc.events} (rows of one UBC id), {@code ubc.metrics_1m} (the minutes of the
 * commit's interval, six dimension rows each) and {@code ops.progress} (one row of the bench's job,
 * updated: a delete file a commit, as the window job's upserts leave). The three tables are written
 * side by side, as the stack's jobs write them; each statement is one Iceberg commit.
 */
final class SimulatedDay {
  private static final String EVENTS =
      """
      INSERT INTO lake.ubc.events (event_id, ubc, log_type, channel, event_ts, report_ts, os, net,
        device_id, duration_ms, ingest_ts)
      SELECT ? || '-' || CAST(n AS varchar), ?, CASE WHEN n % 3 = 0 THEN 'flow' ELSE 'event' END,
        'client', from_unixtime(? + n * ?), from_unixtime(? + n * ?),
        CASE WHEN n % 2 = 0 THEN 'android' ELSE 'ios' END, 'wifi', 'd' || CAST(n % 50 AS varchar),
        CASE WHEN n % 3 = 0 THEN CAST(n * 100 AS bigint) END, current_timestamp
      FROM UNNEST(sequence(0, ? - 1)) AS r(n)""";

  private static final String MINUTES =
      """
      INSERT INTO lake.ubc.metrics_1m
      SELECT from_unixtime(? + m * 60), from_unixtime(? + m * 60 + 60), ?, 'event', d1, NULL, d3,
        NULL, NULL, NULL, CAST(1 + m % 7 AS bigint), CAST(NULL AS bigint), CAST(NULL AS varbinary),
        CAST(1 AS bigint)
      FROM UNNEST(sequence(0, ? - 1)) AS minutes(m)
      CROSS JOIN UNNEST(ARRAY['android', 'ios', 'web']) AS os(d1)
      CROSS JOIN UNNEST(ARRAY['wifi', '4g']) AS net(d3)""";

  static final int ROWS_PER_MINUTE = 6;

  private final AtomicInteger retries = new AtomicInteger();

  private final List<Connection> connections;
  private final String ubc;
  private final long dayStartSeconds;
  private final int commits;
  private final int eventsPerCommit;

  /** {@code connections}: three, one per table's writer. */
  SimulatedDay(
      List<Connection> connections,
      String ubc,
      long dayStartSeconds,
      int commits,
      int eventsPerCommit) {
    this.connections = List.copyOf(connections);
    this.ubc = requireNonNull(ubc, "ubc is null");
    this.dayStartSeconds = dayStartSeconds;
    this.commits = commits;
    this.eventsPerCommit = eventsPerCommit;
  }

  int minutesPerCommit() {
    return 1440 / commits;
  }

  long expectedEvents() {
    return (long) commits * eventsPerCommit;
  }

  long expectedMinuteRows() {
    return (long) commits * minutesPerCommit() * ROWS_PER_MINUTE;
  }

  String ubc() {
    return ubc;
  }

  String job() {
    return "bench-" + ubc;
  }

  /** Writes the day, printing progress every tenth of it; fails on the first refused commit. */
  void write(PrintWriter out) throws Exception {
    AtomicInteger done = new AtomicInteger();
    int total = 3 * commits;
    ExecutorService writers = Executors.newFixedThreadPool(3);
    try {
      List<Future<Void>> tables = new ArrayList<>();
      tables.add(writers.submit(() -> events(connections.get(0), done, total, out)));
      tables.add(writers.submit(() -> minutes(connections.get(1), done, total, out)));
      tables.add(writers.submit(() -> progress(connections.get(2), done, total, out)));
      for (Future<Void> table : tables) {
        table.get();
      }
    } finally {
      writers.shutdownNow();
    }
  }

  private Void events(Connection trino, AtomicInteger done, int total, PrintWriter out)
      throws SQLException {
    double interval = 86_400.0 / commits;
    try (PreparedStatement insert = trino.prepareStatement(EVENTS)) {
      for (int commit = 0; commit < commits; commit++) {
        double start = dayStartSeconds + commit * interval;
        double step = interval / eventsPerCommit;
        insert.setString(1, ubc + "-" + commit);
        insert.setString(2, ubc);
        insert.setDouble(3, start);
        insert.setDouble(4, step);
        insert.setDouble(5, start);
        insert.setDouble(6, step);
        insert.setInt(7, eventsPerCommit);
        commit(insert);
        committed(done, total, out);
      }
    }
    return null;
  }

  private Void minutes(Connection trino, AtomicInteger done, int total, PrintWriter out)
      throws SQLException {
    try (PreparedStatement insert = trino.prepareStatement(MINUTES)) {
      for (int commit = 0; commit < commits; commit++) {
        long start = dayStartSeconds + (long) commit * minutesPerCommit() * 60;
        insert.setLong(1, start);
        insert.setLong(2, start);
        insert.setString(3, ubc);
        insert.setInt(4, minutesPerCommit());
        commit(insert);
        committed(done, total, out);
      }
    }
    return null;
  }

  private Void progress(Connection trino, AtomicInteger done, int total, PrintWriter out)
      throws SQLException {
    try (PreparedStatement insert =
            trino.prepareStatement(
                "INSERT INTO lake.ops.progress (job, source, watermark, updated_at)"
                    + " VALUES (?, 'bench', from_unixtime(?), current_timestamp)");
        PreparedStatement update =
            trino.prepareStatement(
                "UPDATE lake.ops.progress SET watermark = from_unixtime(?),"
                    + " updated_at = current_timestamp WHERE job = ?")) {
      for (int commit = 0; commit < commits; commit++) {
        long watermark = dayStartSeconds + (long) (commit + 1) * minutesPerCommit() * 60;
        if (commit == 0) {
          insert.setString(1, job());
          insert.setLong(2, watermark);
          commit(insert);
        } else {
          update.setLong(1, watermark);
          update.setString(2, job());
          commit(update);
        }
        committed(done, total, out);
      }
    }
    return null;
  }

  /**
   * Runs one statement, once more after a lost commit race with the stack's own jobs (they commit
   * to the same tables), as a streaming sink retries.
   */
  private void commit(PreparedStatement statement) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        statement.executeUpdate();
        return;
      } catch (SQLException e) {
        if (attempt == 3 || !String.valueOf(e.getMessage()).matches("(?is).*(commit|conflict).*")) {
          throw e;
        }
        retries.incrementAndGet();
      }
    }
  }

  /** Commits that lost a race with the stack's jobs and were made again. */
  int retries() {
    return retries.get();
  }

  private static void committed(AtomicInteger done, int total, PrintWriter out) {
    int now = done.incrementAndGet();
    if (now % Math.max(1, total / 10) == 0 || now == total) {
      synchronized (out) {
        out.printf("  %3d%%  %d of %d commits%n", now * 100 / total, now, total);
        out.flush();
      }
    }
  }
}
