package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** What upkeep rounds did, as the admin endpoint and {@code ./watershed lake upkeep} show it. */
public final class UpkeepReports {
  /** A step's outcome: its metric label and what the command prints. */
  public static final String DONE = "done";

  public static final String SKIPPED = "skipped";
  public static final String CONFLICT = "conflict";
  public static final String FAILED = "failed";

  private UpkeepReports() {}

  /**
   * One step on one table.
   *
   * @param step retention, optimize, optimize_manifests, expire_snapshots or remove_orphan_files
   * @param outcome {@link #DONE}, {@link #SKIPPED}, {@link #CONFLICT} (lost every commit race, left
   *     to the next round) or {@link #FAILED}
   * @param detail what it did or why not, in words
   * @param attempts how often it was tried
   * @param seconds how long it took, retries included
   * @param dataFilesBefore live data files before the step (snapshot summary)
   * @param dataFilesAfter live data files after it
   * @param recordsBefore rows in the data files before the step, deletes not applied
   * @param recordsAfter the same after it
   * @param snapshotsAfter snapshots in the table's metadata after it
   */
  public record StepReport(
      String step,
      String outcome,
      String detail,
      int attempts,
      double seconds,
      long dataFilesBefore,
      long dataFilesAfter,
      long recordsBefore,
      long recordsAfter,
      long snapshotsAfter) {
    public StepReport {
      requireNonNull(step, "step is null");
      requireNonNull(outcome, "outcome is null");
      requireNonNull(detail, "detail is null");
    }
  }

  /** Every step of a round on one table. */
  public record TableReport(String table, List<StepReport> steps) {
    public TableReport {
      requireNonNull(table, "table is null");
      steps = List.copyOf(requireNonNull(steps, "steps is null"));
    }
  }

  /**
   * One round over one or every lake table.
   *
   * @param id the round's id, for {@code GET /v1/watershed/lake/upkeep/{id}}
   * @param status queued, running or finished
   * @param scope the table it covers, or {@code all}
   * @param queuedAt when it was asked for (ISO-8601, UTC)
   * @param finishedAt when it ended; empty until then
   * @param tables a report per table done so far
   */
  public record RoundReport(
      String id,
      String status,
      String scope,
      String queuedAt,
      String finishedAt,
      List<TableReport> tables) {
    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String FINISHED = "finished";

    public RoundReport {
      requireNonNull(id, "id is null");
      requireNonNull(status, "status is null");
      requireNonNull(scope, "scope is null");
      requireNonNull(queuedAt, "queuedAt is null");
      requireNonNull(finishedAt, "finishedAt is null");
      tables = List.copyOf(requireNonNull(tables, "tables is null"));
    }
  }
}
