package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.cli.ConfigLoader;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backfill --from DAY --to DAY}: replays the raw UBC records kept in lake.logs.lines through
 * ubc_clean's parsing into lake.ubc.events, replacing whole report-time days (UTC) in one Iceberg
 * commit (sql/batch/backfill_events.sql). It first compares, per day, the events the lake holds
 * with the events the raw records give (sql/batch/backfill_events_check.sql) and refuses a day that
 * would end with fewer, unless told to.
 */
@Command(
    mixinStandardHelpOptions = true,
    description = {
      "replay the raw UBC records of lake.logs.lines through ubc_clean's parsing into"
          + " lake.ubc.events, replacing whole report-time days (UTC) from --from up to --to"
          + " (exclusive) in one commit; prints per day the events now and replayed first"
    })
final class Backfill extends JobsCommands.ConfiguredCommand {
  static final String CHECK = "batch/backfill_events_check.sql";
  static final String WRITE = "batch/backfill_events.sql";

  /** One report-time day: the events ubc.events holds, and those the raw records give. */
  record Day(String day, long now, long replayed) {}

  @Option(names = "--from", required = true, paramLabel = "DAY", description = "first day, UTC")
  private LocalDate from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "DAY",
      description = "the day after the last one (exclusive), at the latest today (UTC)")
  private LocalDate to;

  @Option(names = "--dry-run", description = "print the comparison, write nothing")
  private boolean dryRun;

  @Option(
      names = "--allow-fewer",
      description =
          "replace a day even when the raw records give fewer events than it holds (raw records"
              + " past the retention of lake.logs.lines are gone: their events would be too)")
  private boolean allowFewer;

  private final PrintStream err;
  private final Clock clock;

  Backfill(ConfigLoader<JobsConfig> loader, PrintStream out, PrintStream err, Clock clock) {
    super(loader, out);
    this.err = requireNonNull(err, "err is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public Integer call() throws Exception {
    Optional<String> wrong = check(from, to, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    if (wrong.isPresent()) {
      err.println(wrong.get());
      return ExitCodes.USAGE_OR_CONFIG;
    }
    JobsConfig config = config();
    JobsRunner runner = new JobsRunner(config, variables(from, to));
    String check = config.sqlDirectory().resolve(CHECK).toAbsolutePath().toString();
    out.printf("Comparing %s up to %s: a batch job over lake.logs.lines...%n", from, to);
    List<Day> days = compare(runner, check);
    out.printf("%-10s  %12s  %12s%n", "day", "events now", "replayed");
    for (Day day : days) {
      out.printf("%-10s  %12d  %12d%n", day.day(), day.now(), day.replayed());
    }
    List<Day> fewer = days.stream().filter(day -> day.replayed() < day.now()).toList();
    if (!fewer.isEmpty() && !allowFewer) {
      err.printf(
          "Cannot backfill: %s would end with fewer events than it holds (lake.logs.lines no"
              + " longer holds all its raw records); give --allow-fewer to replace %s anyway%n",
          describe(fewer), fewer.size() == 1 ? "it" : "them");
      return ExitCodes.FAILED;
    }
    List<Day> replaced = days.stream().filter(day -> day.replayed() > 0).toList();
    if (replaced.isEmpty()) {
      out.println("Nothing to replay: lake.logs.lines holds no UBC records of these days");
      return ExitCodes.OK;
    }
    if (dryRun) {
      out.printf("Dry run: %d day(s) would be replaced; nothing written%n", replaced.size());
      return ExitCodes.OK;
    }
    String write = config.sqlDirectory().resolve(WRITE).toAbsolutePath().toString();
    JobsRunner.Plan plan = runner.remotePlan(write, Optional.empty());
    TableResult result = plan.inserts().execute();
    out.printf(
        "Replacing %d day(s) of lake.ubc.events as Flink job %s...%n",
        replaced.size(),
        result.getJobClient().map(client -> client.getJobID().toString()).orElse("?"));
    long seconds;
    try {
      seconds = BatchRun.await(result, out);
    } catch (Exception e) {
      err.println("Cannot backfill: the batch job failed (" + e.getMessage() + ")");
      return ExitCodes.FAILED;
    }
    out.printf(
        "Replaced %s in lake.ubc.events (%d events) in %d s%n",
        describe(replaced), replaced.stream().mapToLong(Day::replayed).sum(), seconds);
    return ExitCodes.OK;
  }

  /** Why a range cannot be backfilled, or empty. */
  static Optional<String> check(LocalDate from, LocalDate to, LocalDate today) {
    if (!from.isBefore(to)) {
      return Optional.of(
          "Cannot backfill from %s to %s: --to is exclusive and must come after --from"
              .formatted(from, to));
    }
    if (to.isAfter(today)) {
      return Optional.of(
          ("Cannot backfill up to %s: today (%s, UTC) still takes streaming writes that the"
                  + " replacement could drop; --to is exclusive and may be %s at the latest")
              .formatted(to, today, today));
    }
    return Optional.empty();
  }

  /** The script variables of a range: its bounds as epoch milliseconds of UTC midnights. */
  static Map<String, String> variables(LocalDate from, LocalDate to) {
    return Map.of(
        "backfill.from-ms", Long.toString(from.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000),
        "backfill.to-ms", Long.toString(to.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000));
  }

  private static List<Day> compare(JobsRunner runner, String check) throws Exception {
    JobsRunner.Plan plan = runner.remotePlan(check, Optional.empty());
    TableResult result = plan.tables().executeSql(plan.query().orElseThrow());
    List<Day> days = new ArrayList<>();
    try (CloseableIterator<Row> rows = result.collect()) {
      while (rows.hasNext()) {
        Row row = rows.next();
        days.add(
            new Day(
                String.valueOf(row.getField(0)),
                ((Number) row.getField(1)).longValue(),
                ((Number) row.getField(2)).longValue()));
      }
    }
    return days;
  }

  private static String describe(List<Day> days) {
    return days.size() == 1
        ? days.get(0).day()
        : days.size()
            + " days ("
            + days.get(0).day()
            + " to "
            + days.get(days.size() - 1).day()
            + ")";
  }
}
