package io.watershed.monitor.internal.pipeline;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.pipeline.FlinkAnswers.Checkpoints;
import io.watershed.monitor.internal.pipeline.FlinkAnswers.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Flink jobs as the pipeline page shows them: the newest run of each job name from the job
 * overview, each with its checkpoints and restarts, read beside each other. A job whose checkpoint
 * statistics or metrics cannot be read keeps its other fields (those are null).
 */
final class FlinkJobs {
  /** Flink's restart counter of a job, since it was submitted. */
  static final String RESTARTS_METRIC = "numRestarts";

  private final FlinkRest rest;

  FlinkJobs(FlinkRest rest) {
    this.rest = requireNonNull(rest, "rest is null");
  }

  /** The jobs' views, by name; fails with a {@link FlinkRest.FlinkRestException}. */
  CompletableFuture<List<Map<String, Object>>> read() {
    return rest.get("/jobs/overview")
        .thenApply(FlinkAnswers::jobs)
        .thenApply(FlinkAnswers::newestByName)
        .thenCompose(this::details);
  }

  private CompletableFuture<List<Map<String, Object>>> details(List<Job> jobs) {
    List<CompletableFuture<Map<String, Object>>> views = new ArrayList<>();
    for (Job job : jobs) {
      CompletableFuture<Checkpoints> checkpoints =
          rest.get("/jobs/%s/checkpoints".formatted(job.id()))
              .thenApply(FlinkAnswers::checkpoints)
              .exceptionally(failure -> null);
      CompletableFuture<Long> restarts =
          rest.get("/jobs/%s/metrics?get=%s".formatted(job.id(), RESTARTS_METRIC))
              .thenApply(FlinkAnswers::metrics)
              .thenApply(metrics -> FlinkAnswers.longMetric(metrics, RESTARTS_METRIC))
              .exceptionally(failure -> null);
      views.add(checkpoints.thenCombine(restarts, (c, r) -> view(job, c, r)));
    }
    return CompletableFuture.allOf(views.toArray(CompletableFuture[]::new))
        .thenApply(done -> views.stream().map(CompletableFuture::join).toList());
  }

  /**
   * One job's view: {@code name, id, state, started_at, ended_at, running_for_ms, restarts,
   * checkpoints {completed, failed, in_progress, restored}, last_checkpoint {id, completed_at,
   * duration_ms}}; null where Flink did not tell.
   */
  static Map<String, Object> view(Job job, Checkpoints checkpoints, Long restarts) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", job.name());
    view.put("id", job.id());
    view.put("state", job.state());
    view.put("started_at", job.startTime());
    view.put("ended_at", job.endTime());
    view.put("running_for_ms", job.durationMs());
    view.put("restarts", restarts);
    if (checkpoints == null) {
      view.put("checkpoints", null);
      view.put("last_checkpoint", null);
    } else {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("completed", checkpoints.completed());
      counts.put("failed", checkpoints.failed());
      counts.put("in_progress", checkpoints.inProgress());
      counts.put("restored", checkpoints.restored());
      view.put("checkpoints", counts);
      if (checkpoints.lastId() == null) {
        view.put("last_checkpoint", null);
      } else {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("id", checkpoints.lastId());
        last.put("completed_at", checkpoints.lastCompletedAt());
        last.put("duration_ms", checkpoints.lastDurationMs());
        view.put("last_checkpoint", last);
      }
    }
    return view;
  }
}
