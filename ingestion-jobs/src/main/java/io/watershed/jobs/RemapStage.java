package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.cli.ConfigLoader;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.table.api.TableResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code remap-stage --from T --to T --ubc ID[,ID...] --stage NAME}: step 1 of re-mapping history
 * (sql/batch/remap_windows.sql): the windows of those UBC ids over [from, to), recomputed from
 * lake.ubc.events under the newest rules (or {@code --rules-version V}), into lake.ops.NAME_1m and
 * lake.ops.NAME_5m. The stack's {@code remap} command runs it, then compares and replaces through
 * Trino.
 */
@Command(
    mixinStandardHelpOptions = true,
    description = {
      "recompute the 1- and 5-minute windows of UBC ids over a time range from lake.ubc.events"
          + " under the newest rules (or --rules-version V) into staging tables lake.ops.<stage>_1m"
          + " and _5m (step 1 of ./watershed remap)"
    })
final class RemapStage extends JobsCommands.ConfiguredCommand {
  static final String SCRIPT = "batch/remap_windows.sql";
  private static final Pattern UBC_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final Pattern STAGE = Pattern.compile("remap_[a-z0-9_]{1,64}");
  private static final long FIVE_MINUTES = 300_000L;

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
      description = "end of the last window (exclusive), on 5 minutes")
  private String to;

  @Option(
      names = "--ubc",
      required = true,
      split = ",",
      paramLabel = "ID",
      description = "the UBC ids to re-map")
  private List<String> ubcIds;

  @Option(
      names = "--stage",
      required = true,
      paramLabel = "NAME",
      description = "the staging tables' name: remap_ then lower-case letters, digits, _")
  private String stage;

  @Option(
      names = "--rules-version",
      paramLabel = "V",
      description = "map with this rules version (GET /v1/rules?version=V); default: the newest")
  private Long rulesVersion;

  private final PrintStream err;

  RemapStage(ConfigLoader<JobsConfig> loader, PrintStream out, PrintStream err) {
    super(loader, out);
    this.err = requireNonNull(err, "err is null");
  }

  @Override
  public Integer call() throws Exception {
    Optional<String> wrong = check(from, to, ubcIds, stage);
    if (wrong.isPresent()) {
      err.println(wrong.get());
      return ExitCodes.USAGE_OR_CONFIG;
    }
    if (rulesVersion != null && rulesVersion < 1) {
      err.println("Cannot re-map under rules version " + rulesVersion + ": versions start at 1");
      return ExitCodes.USAGE_OR_CONFIG;
    }
    JobsConfig config = config();
    JobsRunner runner =
        new JobsRunner(
            config,
            variables(Instant.parse(from), Instant.parse(to), ubcIds, stage),
            rulesVersion == null
                ? Map.of()
                : Map.of("watershed.rules.version", Long.toString(rulesVersion)));
    String script = config.sqlDirectory().resolve(SCRIPT).toAbsolutePath().toString();
    TableResult result = runner.remotePlan(script, Optional.empty()).inserts().execute();
    out.printf(
        "Recomputing the windows of %s from %s to %s from lake.ubc.events under %s as Flink job"
            + " %s...%n",
        String.join(", ", ubcIds),
        from,
        to,
        rulesVersion == null ? "the newest rules" : "rules version " + rulesVersion,
        result.getJobClient().map(client -> client.getJobID().toString()).orElse("?"));
    try {
      long seconds = BatchRun.await(result, out);
      out.printf("Staged in lake.ops.%s_1m and lake.ops.%s_5m in %d s%n", stage, stage, seconds);
      return ExitCodes.OK;
    } catch (Exception e) {
      err.println("Cannot recompute the windows: the batch job failed (" + e.getMessage() + ")");
      return ExitCodes.FAILED;
    }
  }

  /** Why these arguments cannot be re-mapped, or empty. */
  static Optional<String> check(String from, String to, List<String> ubcIds, String stage) {
    Instant start;
    Instant end;
    try {
      start = Instant.parse(from);
      end = Instant.parse(to);
    } catch (DateTimeParseException e) {
      return Optional.of(
          "Cannot re-map from %s to %s: give UTC instants such as 2026-12-07T10:00:00Z"
              .formatted(from, to));
    }
    if (!start.isBefore(end)) {
      return Optional.of(
          "Cannot re-map from %s to %s: --to is exclusive and must come after --from"
              .formatted(from, to));
    }
    if (start.toEpochMilli() % FIVE_MINUTES != 0 || end.toEpochMilli() % FIVE_MINUTES != 0) {
      return Optional.of(
          ("Cannot re-map from %s to %s: both ends must be on 5 minutes (10:00, 10:05, ...), so"
                  + " that whole 5-minute windows are replaced")
              .formatted(from, to));
    }
    List<String> bad = ubcIds.stream().filter(id -> !UBC_ID.matcher(id).matches()).toList();
    if (ubcIds.isEmpty() || !bad.isEmpty()) {
      return Optional.of(
          "Cannot re-map UBC ids %s: an id is 1 to 128 letters, digits, '_', '.', ':' or '-'"
              .formatted(bad.isEmpty() ? "(none given)" : bad));
    }
    if (!STAGE.matcher(stage).matches()) {
      return Optional.of(
          "Cannot stage into %s: a stage name is remap_ then lower-case letters, digits and '_'"
              .formatted(stage));
    }
    return Optional.empty();
  }

  /** The script's variables: the range as epoch milliseconds, the ids as a SQL list. */
  static Map<String, String> variables(
      Instant from, Instant to, List<String> ubcIds, String stage) {
    return Map.of(
        "remap.from-ms",
        Long.toString(from.toEpochMilli()),
        "remap.to-ms",
        Long.toString(to.toEpochMilli()),
        "remap.ubc-list",
        ubcIds.stream().distinct().map(id -> "'" + id + "'").collect(Collectors.joining(", ")),
        "remap.stage",
        stage);
  }
}
