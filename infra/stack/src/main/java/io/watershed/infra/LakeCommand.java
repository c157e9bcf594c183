package io.watershed.infra;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./watershed lake}: the health of the lake tables; {@code lake upkeep [--table T]} runs an
 * upkeep round now and prints what each step did.
 */
@Command(
    mixinStandardHelpOptions = true,
    description =
        "lake: the health of every lake table (files, delete files, snapshots, sizes); lake upkeep"
            + " [--table T]: run an upkeep round now and print what each step did")
final class LakeCommand extends StackCommands.StackCommand {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ACTION",
      description = "health (the default) or upkeep")
  private String action = "health";

  @Option(names = "--table", paramLabel = "T", description = "one lake table, e.g. ubc.late")
  private String table;

  @Option(
      names = "--snapshot-retention",
      paramLabel = "AGE",
      description = "upkeep: expire snapshots older than this in this round (e.g. 2h, 1d)")
  private String snapshotRetention;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description = "upkeep: how long to wait for the round (default 3600)")
  private long timeoutSeconds = 3600;

  LakeCommand(StackSettings settings, PrintStream out) {
    super(settings, out);
  }

  @Override
  public Integer call() throws Exception {
    LakeClient lake = LakeClient.of(settings.load());
    switch (action) {
      case "health" -> printHealth(lake.health(Optional.ofNullable(table)), out);
      case "upkeep" -> {
        out.println(
            "Upkeep round over " + (table == null ? "every lake table" : table) + " running...");
        JsonNode round =
            lake.upkeep(
                Optional.ofNullable(table),
                Optional.ofNullable(snapshotRetention),
                Duration.ofSeconds(timeoutSeconds));
        printRound(round, out);
        printHealth(lake.health(Optional.ofNullable(table)), out);
      }
      default ->
          throw new IllegalArgumentException(
              "Cannot run lake %s: unknown action; the actions are health and upkeep"
                  .formatted(action));
    }
    return ExitCodes.OK;
  }

  static void printHealth(List<JsonNode> tables, PrintStream out) {
    out.printf(
        "%-16s %8s %8s %10s %10s %10s %6s %9s %9s %9s %9s%n",
        "table",
        "data",
        "deletes",
        "rows",
        "size",
        "avg file",
        "parts",
        "max/part",
        "avg/part",
        "snapshots",
        "manifests");
    for (JsonNode t : tables) {
      out.printf(
          Locale.ROOT,
          "%-16s %8d %8d %10d %10s %10s %6d %9d %9.1f %9d %9d%n",
          t.path("table").asText(),
          t.path("data-files").asLong(),
          t.path("delete-files").asLong(),
          t.path("records").asLong(),
          bytes(t.path("total-bytes").asLong()),
          bytes(t.path("average-data-file-bytes").asLong()),
          t.path("partitions").asLong(),
          t.path("max-data-files-per-partition").asLong(),
          t.path("average-data-files-per-partition").asDouble(),
          t.path("snapshots").asLong(),
          t.path("manifests").asLong());
    }
  }

  static void printRound(JsonNode round, PrintStream out) {
    out.println("Round " + round.path("id").asText() + " (" + round.path("scope").asText() + "):");
    for (JsonNode t : round.path("tables")) {
      for (JsonNode step : t.path("steps")) {
        out.printf(
            Locale.ROOT,
            "  %-16s %-20s %-8s files %d -> %d, rows %d -> %d, %.1f s: %s%n",
            t.path("table").asText(),
            step.path("step").asText(),
            step.path("outcome").asText(),
            step.path("data-files-before").asLong(),
            step.path("data-files-after").asLong(),
            step.path("records-before").asLong(),
            step.path("records-after").asLong(),
            step.path("seconds").asDouble(),
            step.path("detail").asText());
      }
    }
  }

  private static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
