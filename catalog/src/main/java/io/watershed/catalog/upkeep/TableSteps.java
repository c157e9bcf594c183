package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

import io.watershed.catalog.upkeep.UpkeepReports.StepReport;
import io.watershed.catalog.upkeep.UpkeepReports.TableReport;
import io.watershed.kit.http.SafeText;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One round's steps on one table, each timed, retried on lost commit races and reported. */
final class TableSteps {
  private static final Logger LOG = LoggerFactory.getLogger(TableSteps.class);

  /** Trino's messages when an Iceberg commit lost to a concurrent one. */
  private static final Pattern CONFLICT =
      Pattern.compile("(?i)commit|conflict|concurrent|was updated by|refresh");

  private final LakeUpkeep upkeep;
  private final TablePolicy policy;
  private final boolean trinoUp;

  TableSteps(LakeUpkeep upkeep, TablePolicy policy, boolean trinoUp) {
    this.upkeep = requireNonNull(upkeep, "upkeep is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.trinoUp = trinoUp;
  }

  /** A step's work: returns what it did, in words; throws when it failed. */
  @FunctionalInterface
  private interface Work {
    String run(TrinoProcedures trino) throws Exception;
  }

  TableReport run() {
    TableIdentifier id = policy.table();
    UpkeepSettings settings = upkeep.settings();
    List<StepReport> steps = new ArrayList<>();
    steps.add(retention());
    steps.add(
        trinoStep(
            "optimize",
            trino ->
                describe(
                    trino.optimize(id, settings.fileSizeThresholdBytes()), "compacted files")));
    steps.add(
        trinoStep(
            "optimize_manifests",
            trino -> describe(trino.optimizeManifests(id), "manifests rewritten")));
    steps.add(
        trinoStep(
            "expire_snapshots",
            trino ->
                describe(
                    trino.expireSnapshots(id, policy.snapshotRetention()),
                    "snapshots older than "
                        + Ages.format(policy.snapshotRetention())
                        + " expired")));
    steps.add(
        trinoStep(
            "remove_orphan_files",
            trino ->
                describe(
                    trino.removeOrphanFiles(id, settings.orphanRetention()),
                    "unreferenced files older than "
                        + Ages.format(settings.orphanRetention())
                        + " removed")));
    try {
      upkeep.metrics().health(LakeHealth.of(id.toString(), upkeep.load(id)));
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the health of table {}: {}", id, e.toString());
    }
    return new TableReport(id.toString(), steps);
  }

  private StepReport retention() {
    if (policy.retention().isEmpty() || policy.retentionColumn().isEmpty()) {
      return skipped("retention", "kept for ever (retention none)");
    }
    Duration age = policy.retention().get();
    String column = policy.retentionColumn().get();
    return step(
        "retention",
        ignored -> {
          Instant cutoff = Retention.cutoff(upkeep.clock().instant(), age);
          Retention.Dropped dropped = Retention.apply(upkeep.load(policy.table()), column, cutoff);
          return dropped.dataFiles() == 0
              ? "no %s before %s (retention %s)".formatted(column, cutoff, Ages.format(age))
              : "dropped %d data files (%d rows) with %s before %s (retention %s)"
                  .formatted(
                      dropped.dataFiles(), dropped.records(), column, cutoff, Ages.format(age));
        });
  }

  private StepReport trinoStep(String name, Work work) {
    if (upkeep.trino().isEmpty()) {
      return skipped(name, "no Trino configured (catalog.upkeep.trino-url)");
    }
    if (!trinoUp) {
      return skipped(name, "Trino unreachable this round");
    }
    return step(name, work);
  }

  private StepReport skipped(String name, String why) {
    StepReport report = new StepReport(name, UpkeepReports.SKIPPED, why, 0, 0, 0, 0, 0, 0, 0);
    upkeep.metrics().step(policy.table().toString(), report, upkeep.clock().millis());
    return report;
  }

  private StepReport step(String name, Work work) {
    String table = policy.table().toString();
    long start = System.nanoTime();
    Counts before = counts();
    int retries = upkeep.settings().conflictRetries();
    String outcome = UpkeepReports.FAILED;
    String detail = "";
    int attempts = 0;
    while (attempts <= retries) {
      attempts++;
      try {
        detail = work.run(upkeep.trino().orElse(null));
        outcome = UpkeepReports.DONE;
        break;
      } catch (Exception e) {
        boolean conflict = isConflict(e);
        detail = SafeText.message(String.valueOf(e.getMessage()));
        if (!conflict) {
          outcome = UpkeepReports.FAILED;
          LOG.warn("Cannot run upkeep step {} on table {}: {}", name, table, detail);
          break;
        }
        outcome = UpkeepReports.CONFLICT;
        if (attempts > retries) {
          LOG.info(
              "Upkeep step {} on table {} lost {} commit race(s); next round: {}",
              name,
              table,
              attempts,
              detail);
          break;
        }
        Duration pause = LakeUpkeep.backoff(attempts - 1);
        LOG.info(
            "Upkeep step {} on table {} lost a commit race, again in {}: {}",
            name,
            table,
            Ages.format(pause),
            detail);
        try {
          Thread.sleep(pause.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    Counts after = counts();
    StepReport report =
        new StepReport(
            name,
            outcome,
            detail,
            attempts,
            (System.nanoTime() - start) / 1e9,
            before.dataFiles(),
            after.dataFiles(),
            before.records(),
            after.records(),
            after.snapshots());
    upkeep.metrics().step(table, report, upkeep.clock().millis());
    if (outcome.equals(UpkeepReports.DONE)) {
      LOG.info(
          "Upkeep step {} on table {}: {} ({} -> {} data files, {} -> {} rows)",
          name,
          table,
          detail,
          before.dataFiles(),
          after.dataFiles(),
          before.records(),
          after.records());
    }
    return report;
  }

  private static boolean isConflict(Exception e) {
    if (e instanceof CommitFailedException) {
      return true;
    }
    return e instanceof SQLException
        && e.getMessage() != null
        && CONFLICT.matcher(e.getMessage()).find();
  }

  private static String describe(Map<String, String> answer, String what) {
    return answer.isEmpty() || answer.keySet().equals(java.util.Set.of("rows"))
        ? what
        : what + " " + answer;
  }

  private record Counts(long dataFiles, long records, long snapshots) {}

  /** The current snapshot's totals; zeros when unreadable (the step's own error says why). */
  private Counts counts() {
    try {
      Table table = upkeep.load(policy.table());
      Snapshot current = table.currentSnapshot();
      long snapshots = 0;
      for (Snapshot ignored : table.snapshots()) {
        snapshots++;
      }
      if (current == null) {
        return new Counts(0, 0, snapshots);
      }
      Map<String, String> summary = current.summary();
      return new Counts(
          number(summary, SnapshotSummary.TOTAL_DATA_FILES_PROP),
          number(summary, SnapshotSummary.TOTAL_RECORDS_PROP),
          snapshots);
    } catch (RuntimeException e) {
      return new Counts(0, 0, 0);
    }
  }

  private static long number(Map<String, String> summary, String key) {
    return Optional.ofNullable(summary.get(key)).map(Long::parseLong).orElse(0L);
  }
}
