package io.watershed.infra;

import io.watershed.kit.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./watershed remap --from T --to T --ubc ID[,ID...] [--rules-version V] [--dry-run]}:
 * re-maps history. The jobs runner recomputes the windows of those UBC ids over [from, to) from
 * lake.ubc.events under the newest rules (or version V) into staging tables
 * (sql/batch/remap_windows.sql); this command then compares them with ubc.metrics_1m and
 * ubc.metrics_5m through Trino and, unless it is a dry run, replaces exactly those windows: one
 * MERGE per table, so one Iceberg commit each, and a reader sees the old windows or the new ones.
 * Only final windows are re-mapped (lake.ops.progress).
 */
@Command(
    mixinStandardHelpOptions = true,
    description = {
      "re-map history: recompute the 1- and 5-minute windows of UBC ids over a time range from"
          + " lake.ubc.events under the newest rules (or a given version), print what would"
          + " change, and replace"
          + " exactly those windows (one commit per table)"
    })
final class RemapCommand extends StackCommands.StackCommand {
  private static final List<String> TABLES = List.of("metrics_1m", "metrics_5m");
  private static final String KEY =
      "t.window_start = s.window_start AND t.ubc = s.ubc AND t.log_type = s.log_type"
          + " AND t.d1 IS NOT DISTINCT FROM s.d1 AND t.d2 IS NOT DISTINCT FROM s.d2"
          + " AND t.d3 IS NOT DISTINCT FROM s.d3 AND t.d4 IS NOT DISTINCT FROM s.d4"
          + " AND t.d5 IS NOT DISTINCT FROM s.d5 AND t.d6 IS NOT DISTINCT FROM s.d6"
          + " AND t.rules_version IS NOT DISTINCT FROM s.rules_version";
  private static final String COLUMNS =
      "window_start, window_end, ubc, log_type, d1, d2, d3, d4, d5, d6, pv, duration_ms,"
          + " devices, rules_version";

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      description = "first window start, UTC, on 5 minutes (2026-12-07T10:00:00Z)")
  private String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TIME",
      description = "end of the last window (exclusive), on 5 minutes, final already")
  private String to;

  @Option(
      names = "--ubc",
      required = true,
      split = ",",
      paramLabel = "ID",
      description = "the UBC ids to re-map")
  private List<String> ubcIds;

  @Option(
      names = "--rules-version",
      paramLabel = "V",
      description =
          "map with this rules version (the monitor's rules history) instead of the newest")
  private Long rulesVersion;

  @Option(names = "--dry-run", description = "print what would change, write nothing")
  private boolean dryRun;

  RemapCommand(StackSettings settings, PrintStream out) {
    super(settings, out);
  }

  /** What one table holds in the range now, and what it would hold after. */
  record Change(
      String table,
      long windowsNow,
      long rowsNow,
      long rowsAfter,
      long removed,
      long added,
      long windowsChanged) {}

  @Override
  public Integer call() throws Exception {
    return new Remap(
            settings.load(), from, to, ubcIds, Optional.ofNullable(rulesVersion), dryRun, out)
        .run();
  }

  /** One re-mapping on a stack. */
  record Remap(
      StackConfig config,
      String from,
      String to,
      List<String> ubcIds,
      Optional<Long> rulesVersion,
      boolean dryRun,
      PrintStream out) {
    int run() throws Exception {
      List<String> bad =
          ubcIds.stream().filter(id -> !id.matches("[A-Za-z0-9_.:-]{1,128}")).toList();
      if (!bad.isEmpty()) {
        out.println(
            "Cannot re-map UBC ids "
                + bad
                + ": an id is 1 to 128 letters, digits, '_', '.', ':' or '-'");
        return ExitCodes.USAGE_OR_CONFIG;
      }
      Instant end;
      try {
        end = Instant.parse(to);
      } catch (java.time.format.DateTimeParseException e) {
        out.println(
            "Cannot re-map up to " + to + ": give a UTC instant such as 2026-12-07T10:00:00Z");
        return ExitCodes.USAGE_OR_CONFIG;
      }
      String stage =
          "remap_"
              + DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                  .withZone(ZoneOffset.UTC)
                  .format(Instant.now())
              + "_"
              + UUID.randomUUID().toString().substring(0, 6);
      try (Connection trino = TrinoComponent.connect(config, "watershed-remap")) {
        Instant watermark = watermark(trino, config);
        if (end.isAfter(watermark)) {
          out.printf(
              "Cannot re-map up to %s: the windows are final up to %s only (lake.ops.progress);"
                  + " re-map final windows%n",
              to, watermark);
          return ExitCodes.FAILED;
        }
        Path work = config.varDir().resolve("remap");
        out.printf(
            "Recomputing the windows of %s from %s to %s under %s (a Flink batch job; its log:"
                + " %s)...%n",
            String.join(", ", ubcIds),
            from,
            to,
            rulesVersion.map(v -> "rules version " + v).orElse("the newest rules"),
            work.resolve("runner.log"));
        List<String> arguments =
            new ArrayList<>(
                List.of(
                    "remap-stage",
                    "--from",
                    from,
                    "--to",
                    to,
                    "--ubc",
                    String.join(",", ubcIds),
                    "--stage",
                    stage));
        rulesVersion.ifPresent(v -> arguments.addAll(List.of("--rules-version", v.toString())));
        try (Progress ignored = Progress.every(15, out)) {
          new JobsComponent(config).run(work, Map.of(), arguments);
        } catch (IOException e) {
          out.println(
              "Cannot recompute the windows: the batch job failed; its log: "
                  + work.resolve("runner.log"));
          return ExitCodes.FAILED;
        }
        try {
          List<Change> changes = new ArrayList<>();
          for (String table : TABLES) {
            changes.add(compare(trino, table, stage));
          }
          out.printf(
              "%-16s %12s %10s %10s %9s %9s %16s%n",
              "table",
              "windows now",
              "rows now",
              "rows after",
              "removed",
              "added",
              "windows changed");
          for (Change c : changes) {
            out.printf(
                "%-16s %12d %10d %10d %9d %9d %16d%n",
                "ubc." + c.table(),
                c.windowsNow(),
                c.rowsNow(),
                c.rowsAfter(),
                c.removed(),
                c.added(),
                c.windowsChanged());
          }
          if (dryRun) {
            out.println("Dry run: nothing written");
            return ExitCodes.OK;
          }
          for (String table : TABLES) {
            long start = System.nanoTime();
            long rows = replace(trino, table, stage);
            out.printf(
                "Replaced the windows in ubc.%s: %d rows changed in one commit (%d ms)%n",
                table, rows, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
          }
          return ExitCodes.OK;
        } finally {
          for (String table : TABLES) {
            execute(
                trino, "DROP TABLE IF EXISTS lake.ops.%s_%s".formatted(stage, table.substring(8)));
          }
        }
      }
    }

    private String scope() {
      return ("window_start >= from_iso8601_timestamp('%s') AND window_start < from_iso8601_timestamp('%s')"
              + " AND ubc IN (%s)")
          .formatted(
              from,
              to,
              ubcIds.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")));
    }

    private Change compare(Connection trino, String table, String stage) throws SQLException {
      String now = "SELECT %s FROM lake.ubc.%s WHERE %s".formatted(COLUMNS, table, scope());
      String after = "SELECT %s FROM lake.ops.%s_%s".formatted(COLUMNS, stage, table.substring(8));
      long windowsNow =
          single(
              trino, "SELECT count(*) FROM (SELECT DISTINCT window_start, ubc FROM (" + now + "))");
      long rowsNow = single(trino, "SELECT count(*) FROM (" + now + ")");
      long rowsAfter = single(trino, "SELECT count(*) FROM (" + after + ")");
      long removed = single(trino, "SELECT count(*) FROM (" + now + " EXCEPT " + after + ")");
      long added = single(trino, "SELECT count(*) FROM (" + after + " EXCEPT " + now + ")");
      long windowsChanged =
          single(
              trino,
              "SELECT count(*) FROM (SELECT DISTINCT window_start, ubc FROM (("
                  + now
                  + " EXCEPT "
                  + after
                  + ") UNION ALL ("
                  + after
                  + " EXCEPT "
                  + now
                  + ")))");
      return new Change(table, windowsNow, rowsNow, rowsAfter, removed, added, windowsChanged);
    }

    /** Deletes the range's rows and inserts the staged ones in one MERGE: one Iceberg commit. */
    private long replace(Connection trino, String table, String stage) throws SQLException {
      String merge =
          ("MERGE INTO lake.ubc.%1$s t USING ("
                  + " SELECT DISTINCT window_start, CAST(NULL AS timestamp(6) with time zone) AS window_end,"
                  + " ubc, log_type, d1, d2, d3, d4, d5, d6, CAST(NULL AS bigint) AS pv,"
                  + " CAST(NULL AS bigint) AS duration_ms, CAST(NULL AS varbinary) AS devices,"
                  + " rules_version, 'delete' AS op FROM lake.ubc.%1$s WHERE %2$s"
                  + " UNION ALL SELECT %3$s, 'insert' AS op FROM lake.ops.%4$s_%5$s) s"
                  + " ON s.op = 'delete' AND %6$s"
                  + " WHEN MATCHED THEN DELETE"
                  + " WHEN NOT MATCHED AND s.op = 'insert' THEN INSERT (%3$s) VALUES (%7$s)")
              .formatted(
                  table,
                  scope(),
                  COLUMNS,
                  stage,
                  table.substring(8),
                  KEY,
                  java.util.Arrays.stream(COLUMNS.split(",\\s*"))
                      .map(c -> "s." + c)
                      .collect(Collectors.joining(", ")));
      SQLException last = null;
      for (int attempt = 1; attempt <= 3; attempt++) {
        try (Statement statement = trino.createStatement()) {
          return statement.executeLargeUpdate(merge);
        } catch (SQLException e) {
          // A commit race with a streaming commit: the MERGE is retried on the new snapshot.
          last = e;
          out.println("  the commit lost a race (" + firstLine(e) + "); trying again");
        }
      }
      throw last;
    }

    private static String firstLine(SQLException e) {
      String message = String.valueOf(e.getMessage());
      int newline = message.indexOf('\n');
      return newline < 0 ? message : message.substring(0, newline);
    }

    private static Instant watermark(Connection trino, StackConfig config) throws SQLException {
      try (Statement statement = trino.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT to_unixtime(max(\"watermark\")) * 1000 FROM lake.ops.progress"
                      + " WHERE job = '"
                      + config.jobSettings().getOrDefault("jobs.consumer-group-prefix", "watershed")
                      + "-ubc_windows' AND source = '"
                      + config.monitorTopic()
                      + "'")) {
        return rows.next() && rows.getObject(1) != null
            ? Instant.ofEpochMilli((long) rows.getDouble(1))
            : Instant.EPOCH;
      }
    }

    private static long single(Connection trino, String sql) throws SQLException {
      try (Statement statement = trino.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        rows.next();
        return rows.getLong(1);
      }
    }

    private static void execute(Connection trino, String sql) throws SQLException {
      try (Statement statement = trino.createStatement()) {
        statement.execute(sql);
      }
    }

    /** A line every few seconds while something runs. */
    private record Progress(ScheduledExecutorService ticker) implements AutoCloseable {
      static Progress every(int seconds, PrintStream out) {
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(
            () ->
                out.printf(
                    "  still running, %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)),
            seconds,
            seconds,
            TimeUnit.SECONDS);
        return new Progress(ticker);
      }

      @Override
      public void close() {
        ticker.shutdownNow();
      }
    }
  }
}
