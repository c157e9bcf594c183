package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.execution.JobClient;

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
    JobState state = new JobState(config.stateDirectory());
    List<Pending> pending = new ArrayList<>();
    int exit = 0;
    for (String job : jobs) {
      String name = config.jobName(job);
      Optional<FlinkRest.Job> running = rest.running(name);
      if (running.isPresent()) {
        out.println(name + " already " + running.get().state() + " as " + running.get().id());
        continue;
      }
      Optional<JobState.Snapshot> latest = state.latest(name);
      if (fromScratch) {
        recordGap(name, latest);
        latest = Optional.empty();
      }
      try {
        JobClient client = new JobsRunner(config).submit(job, latest.map(JobState.Snapshot::path));
        pending.add(new Pending(job, name, client.getJobID().toString(), latest));
      } catch (RuntimeException | IOException e) {
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
