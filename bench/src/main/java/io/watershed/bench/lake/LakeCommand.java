package io.watershed.bench.lake;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.BenchTrino;
import io.watershed.bench.WholeNumber;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench lake}: a simulated day of streaming commits with upkeep off, then on (issue 20).
 * Writes the day ({@link SimulatedDay}), measures each table's shape and the queries, runs {@code
 * ./watershed lake upkeep} on each table, measures again, and times the same queries on freshly
 * written copies of the day (one CREATE TABLE AS each): the baseline, measured in the same run.
 */
@Command(
    name = "lake",
    mixinStandardHelpOptions = true,
    description =
        "Writes a day (3 days ago, UTC) of small streaming commits into ubc.events,"
            + " ubc.metrics_1m and ops.progress through Trino, measures files, delete files,"
            + " snapshots and manifests per table and the planning and run time of the README's"
            + " minute query and of a 24-hour ubc.events aggregation; runs ./watershed lake upkeep"
            + " on each table and measures again; then times the same queries on freshly"
            + " compacted copies of the day, and checks the goals.")
public final class LakeCommand implements Callable<Integer> {
  private static final List<String> TABLES =
      List.of("ubc.events", "ubc.metrics_1m", "ops.progress");

  @Spec CommandSpec spec;

  @Option(names = "--trino", required = true, paramLabel = "URI", description = "Trino's HTTP.")
  URI trino;

  @Option(
      names = "--watershed",
      required = true,
      paramLabel = "PATH",
      description = "The ./watershed script, whose lake upkeep runs the rounds.")
  Path watershed;

  @Option(
      names = "--commits",
      defaultValue = "144",
      converter = WholeNumber.class,
      description =
          "Commits into each table over the day (default ${DEFAULT-VALUE}: one every 10 simulated"
              + " minutes; 2880 is a real day at 30 s). Divides 1440.")
  long commits;

  @Option(
      names = "--events",
      defaultValue = "100",
      converter = WholeNumber.class,
      description = "Events a commit (default ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--runs",
      defaultValue = "5",
      converter = WholeNumber.class,
      description = "Measured runs of each query, after one more (default ${DEFAULT-VALUE}).")
  long runs;

  @Option(
      names = "--snapshot-retention",
      defaultValue = "1m",
      description =
          "Snapshot retention of the rounds (default ${DEFAULT-VALUE}: the day is compressed into"
              + " minutes, so its snapshots are minutes old).")
  String snapshotRetention;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int perDay = (int) atLeast("--commits", commits, 1);
    if (1440 % perDay != 0) {
      throw new IllegalArgumentException(
          "Cannot simulate " + perDay + " commits a day: --commits must divide 1440");
    }
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    String ubc = "bench_lake_" + Instant.now().getEpochSecond();
    List<Connection> connections = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        connections.add(BenchTrino.connect(trino));
      }
      Connection trino = connections.get(3);
      SimulatedDay simulated =
          new SimulatedDay(
              connections.subList(0, 3),
              ubc,
              dayStart,
              perDay,
              (int) atLeast("--events", events, 1));
      out.printf(
          "Writing %d commits into each of %s for %s (UBC id %s)...%n",
          perDay, String.join(", ", TABLES), day, ubc);
      out.flush();
      long writeStart = System.nanoTime();
      Instant writeStarted = Instant.now();
      simulated.write(out);
      out.printf(
          "Written in %.0f s (%d commits lost a race with the stack's jobs and were made again)%n",
          (System.nanoTime() - writeStart) / 1e9, simulated.retries());
      warnOfScheduledRounds(trino, writeStarted, out);
      LakeQueries queries = new LakeQueries(ubc, day, (int) atLeast("--runs", runs, 1));

      Map<String, TableShape> off = shapes(trino, simulated, day);
      Map<String, TimedQuery> offTimes = queries.run(trino, LakeQueries.LIVE);
      Map<String, Long> upkeepSeconds = new LinkedHashMap<>();
      for (String table : TABLES) {
        upkeepSeconds.put(table, upkeep(table, out));
      }
      Map<String, TableShape> on = shapes(trino, simulated, day);
      Map<String, TimedQuery> onTimes = queries.run(trino, LakeQueries.LIVE);
      Map<String, TimedQuery> freshTimes = queries.onFreshCopies(trino, out);

      LakeReport report =
          new LakeReport(simulated, off, on, upkeepSeconds, offTimes, onTimes, freshTimes);
      report.print(out);
      return report.rowsKept() ? 0 : 1;
    } finally {
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }

  private static Map<String, TableShape> shapes(
      Connection trino, SimulatedDay simulated, LocalDate day) throws SQLException {
    Map<String, TableShape> shapes = new LinkedHashMap<>();
    String ubc = "'" + simulated.ubc() + "'";
    shapes.put(
        "ubc.events",
        TableShape.measure(
            trino,
            "ubc.events",
            "partition.report_ts_day = DATE '" + day + "'",
            "SELECT count(*) FROM lake.ubc.events WHERE ubc = " + ubc));
    shapes.put(
        "ubc.metrics_1m",
        TableShape.measure(
            trino,
            "ubc.metrics_1m",
            "partition.window_start_day = DATE '" + day + "'",
            "SELECT count(*) FROM lake.ubc.metrics_1m WHERE ubc = " + ubc));
    shapes.put(
        "ops.progress",
        TableShape.measure(
            trino,
            "ops.progress",
            "",
            "SELECT count(*) FROM lake.ops.progress WHERE job = '" + simulated.job() + "'"));
    return shapes;
  }

  /**
   * The stack's own scheduled upkeep ({@code stack.upkeep-interval}) may have compacted while the
   * day was written: then "off" is not quite off. Says so, with the compactions it found.
   */
  private static void warnOfScheduledRounds(Connection trino, Instant since, PrintWriter out)
      throws SQLException {
    for (String table : TABLES) {
      String[] parts = table.split("\\.");
      long replaced =
          TableShape.single(
              trino,
              ("SELECT count(*) FROM lake.%s.\"%s$snapshots\" WHERE operation = 'replace'"
                      + " AND committed_at >= from_unixtime(%d)")
                  .formatted(parts[0], parts[1], since.getEpochSecond()));
      if (replaced > 0) {
        out.printf(
            "Note: %d compaction(s) of %s ran while the day was written (the stack's scheduled"
                + " upkeep): its 'off' row counts fewer files than a day without upkeep would"
                + " leave; start the stack with stack.upkeep-interval=0s for a clean 'off'%n",
            replaced, table);
      }
    }
  }

  /** One round of {@code ./watershed lake upkeep} on {@code table}; its seconds. */
  private long upkeep(String table, PrintWriter out) throws Exception {
    out.printf("Upkeep of %s (./watershed lake upkeep)...%n", table);
    out.flush();
    long start = System.nanoTime();
    Process round =
        new ProcessBuilder(
                watershed.toString(),
                "lake",
                "upkeep",
                "--table",
                table,
                "--snapshot-retention",
                snapshotRetention)
            .inheritIO()
            .start();
    if (!round.waitFor(30, TimeUnit.MINUTES)) {
      round.destroyForcibly();
      throw new IllegalStateException("Cannot keep up " + table + ": the round ran past 30 min");
    }
    if (round.exitValue() != 0) {
      throw new IllegalStateException(
          "Cannot keep up " + table + ": ./watershed lake upkeep exited " + round.exitValue());
    }
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }

  static void execute(Connection trino, String sql) throws SQLException {
    try (Statement statement = trino.createStatement()) {
      statement.execute(sql);
    }
  }
}
