package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

/**
 * Submits jobs so that none starts from nothing by accident: each resumes from the newest
 * checkpoint or savepoint of its name ({@link JobState}). A resume that Flink refuses (state that
 * no longer fits the job's SQL) is cancelled and the choices are named; {@code --from-scratch}
 * starts without state, says what that loses and records the gap in lake.ops.progress. Several jobs
 * are submitted first and then awaited together, so their starts overlap.
 */
final class JobLauncher {
  static final int REFUSED = 3;
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

  private final JobsConfig config;
  private final FlinkRest rest;
  private final PrintStream out;
  private final PrintStream err;

  JobLauncher(JobsConfig config, FlinkRest rest, PrintStream out, PrintStream err) {
    this.config = requireNonNull(config, "config is null");
    this.rest = requireNonNull(rest, "rest is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
  }

  /** A job submitted and not yet seen running. */
  private record Pending(String job, String name, String id, Optional<JobState.Snapshot> from) {}

  /**
   * @return 0 when every job runs, {@link #REFUSED} when Flink refused a job's state, 1 when a job
   *     failed to start for another reason
   */
  int submit(List<String> jobs, boolean fromScratch) throws IOException {
    return submit(jobs, fromScratch, Optional.empty(), OptionalLong.empty());
  }

  /**
   * Submits scripts: each is a job of INSERTs (streaming: resumed from {@code from}, else its
   * newest state; batch: run to its end), or one query whose rows are printed until {@code maxRows}
   * or the end of its input.
   *
   * @param from the checkpoint or savepoint to resume from instead of the newest (one job only)
   */
  int submit(List<String> jobs, boolean fromScratch, Optional<String> from, OptionalLong maxRows)
      throws IOException {
    JobState state = new JobState(config.stateDirectory());
    JobsRunner runner = new JobsRunner(config);
    List<Pending> pending = new ArrayList<>();
    int exit = 0;
    for (String job : jobs) {
      String name = config.jobName(runner.script(job, callerDirectory()).job());
      Optional<FlinkRest.Job> running = rest.running(name);
      if (running.isPresent()) {
        out.println(name + " already " + running.get().state() + " as " + running.get().id());
        continue;
      }
      // A batch job or a query has no state to resume: it reads its input from the start.
      boolean stateful = runner.shape(job) == JobsRunner.Shape.STREAMING;
      Optional<JobState.Snapshot> latest =
          from.isPresent()
              ? Optional.of(new JobState.Snapshot(from.get(), "given state", Instant.EPOCH))
              : stateful ? state.latest(name) : Optional.empty();
      if (fromScratch && stateful) {
        recordGap(name, latest);
        latest = Optional.empty();
      }
      JobsRunner.Plan plan = runner.remotePlan(job, latest.map(JobState.Snapshot::path));
      if (plan.query().isPresent()) {
        exit = Math.max(exit, show(name, plan, maxRows));
        continue;
      }
      if (plan.batch()) {
        exit = Math.max(exit, runBatch(name, plan));
        continue;
      }
      try {
        JobClient client = plan.inserts().execute().getJobClient().orElseThrow();
        pending.add(new Pending(job, name, client.getJobID().toString(), latest));
      } catch (RuntimeException e) {
        Optional<String> refused = latest.isPresent() ? restoreFailure(e) : Optional.empty();
        if (refused.isEmpty()) {
          throw e;
        }
        err.println(refusal(name, job, latest.get(), refused.get()));
        exit = REFUSED;
      }
    }
    for (Pending job : pending) {
      exit = Math.max(exit, await(job, fromScratch));
    }
    return exit;
  }

  /**
   * Runs the script's query on the cluster and prints its rows as they come (a look at a stream): a
   * header of column names, then one line per row, tab-separated; a row that retracts or updates an
   * earlier one starts with its kind (-U, +U, -D).
   */
  private int show(String name, JobsRunner.Plan plan, OptionalLong maxRows) {
    TableResult result = plan.tables().executeSql(plan.query().get());
    List<String> columns = result.getResolvedSchema().getColumnNames();
    out.println(String.join("\t", columns));
    long rows = 0;
    try (CloseableIterator<Row> iterator = result.collect()) {
      while ((maxRows.isEmpty() || rows < maxRows.getAsLong()) && iterator.hasNext()) {
        Row row = iterator.next();
        StringBuilder line = new StringBuilder();
        if (row.getKind() != RowKind.INSERT) {
          line.append(row.getKind().shortString()).append('\t');
        }
        for (int i = 0; i < row.getArity(); i++) {
          line.append(i == 0 ? "" : "\t").append(row.getField(i));
        }
        out.println(line);
        out.flush();
        rows++;
      }
    } catch (Exception e) {
      throw new IllegalStateException("Cannot show the rows of " + name + ": " + e.getMessage(), e);
    }
    out.println("(" + rows + " row" + (rows == 1 ? "" : "s") + ")");
    return 0;
  }

  /** Runs a batch script to its end: a batch job has no state to resume. */
  private int runBatch(String name, JobsRunner.Plan plan) {
    TableResult result = plan.inserts().execute();
    String id = result.getJobClient().map(client -> client.getJobID().toString()).orElse("");
    out.println(name + " running as " + id + " (batch: until it has read all its input)");
    try {
      result.await();
    } catch (Exception e) {
      err.println("Cannot finish %s: it failed (%s)".formatted(name, e.getMessage()));
      return 1;
    }
    out.println(name + " finished");
    return 0;
  }

  private static Path callerDirectory() {
    return Path.of(System.getProperty("watershed.caller-dir", "."));
  }

  /** Waits until the job's tasks run: a state Flink cannot read shows as a failure there. */
  private int await(Pending job, boolean fromScratch) throws IOException {
    FlinkRest.Start start = rest.awaitRunning(job.id(), START_TIMEOUT);
    if (!start.running()) {
      rest.cancel(job.id(), Duration.ofMinutes(1));
      if (job.from().isPresent()) {
        err.println(refusal(job.name(), job.job(), job.from().get(), start.failure()));
        return REFUSED;
      }
      err.println(
          "Cannot start %s: it failed as it started (%s); it is cancelled"
              .formatted(job.name(), start.failure()));
      return 1;
    }
    out.println(
        job.name()
            + " running as "
            + job.id()
            + job.from()
                .map(snapshot -> ", resumed from its " + snapshot)
                .orElse(
                    fromScratch
                        ? ", without state"
                        : ", first start (no saved state): reads from its committed Kafka offsets"));
    return 0;
  }

  private void recordGap(String name, Optional<JobState.Snapshot> latest) throws IOException {
    out.println(
        """
        Starting %s from scratch%s. It reads on from its consumer group's committed Kafka offsets
        without its state: records read before the last checkpoint whose windows had not closed
        are not counted (those 1- and 5-minute windows under-count), deduplication forgets the
        events it has seen, and the Iceberg sinks' uncommitted files are dropped."""
            .formatted(
                name,
                latest
                    .map(snapshot -> ", ignoring its " + snapshot)
                    .orElse(" (it has no saved state)")));
    String reason =
        latest.isPresent()
            ? "started without its state (--from-scratch); its "
                + latest.get().kind()
                + " was not restored"
            : "started without its state (--from-scratch)";
    ProgressGaps.Gap gap = new ProgressGaps(config).record(name, reason);
    out.println(
        "recorded in lake.ops.progress: windows of %s ending after %s up to %s may be short"
            .formatted(name, gap.from().map(Instant::toString).orElse("its start"), gap.to()));
  }

  /**
   * The reason when a submission failed because the JobManager could not map the saved state onto
   * the job (checked before the job starts): the deepest cause that speaks of it.
   */
  private static Optional<String> restoreFailure(Throwable failure) {
    String reason = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (message.contains("checkpoint/savepoint") || message.contains("restore")) {
        reason = message;
      }
    }
    if (reason == null) {
      return Optional.empty();
    }
    // Flink's own hint names a CLI flag this runner does not have.
    int hint = reason.indexOf(" If you want to allow");
    return Optional.of(hint > 0 ? reason.substring(0, hint) : reason);
  }

  private static String refusal(
      String name, String job, JobState.Snapshot snapshot, String failure) {
    return """
        Cannot resume %s from its %s: Flink refuses the state (%s).
        The job's SQL no longer matches the state it saved. Choose one:
          1. undo the change to the job's SQL and submit again: it resumes where it stopped;
          2. submit %s --from-scratch: it starts without state; the windows open at the last
             checkpoint under-count and the gap is recorded in lake.ops.progress."""
        .formatted(name, snapshot, failure.isEmpty() ? "no cause given" : failure, job);
  }
}
