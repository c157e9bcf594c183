package io.watershed.monitor.internal.pipeline;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the answers of Flink's REST API (as of Flink 2.1) that the pipeline page shows: {@code GET
 * /jobs/overview}, {@code GET /jobs/<id>/checkpoints} and {@code GET /jobs/<id>/metrics}. Times are
 * epoch milliseconds; Flink's -1 ("none") becomes null. A document of another shape is refused with
 * an {@link IllegalArgumentException} naming what is missing.
 */
final class FlinkAnswers {
  /** A Flink job id: 32 hex digits, safe to put in a path. */
  private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

  private FlinkAnswers() {}

  /**
   * One job as {@code /jobs/overview} lists it.
   *
   * @param durationMs how long it has run since it started (until it ended, for an ended job)
   */
  record Job(String id, String name, String state, Long startTime, Long endTime, Long durationMs) {
    Job {
      requireNonNull(id, "id is null");
      requireNonNull(name, "name is null");
      requireNonNull(state, "state is null");
    }
  }

  /**
   * A job's checkpoint counts and its newest completed checkpoint (null fields when it has none).
   *
   * @param lastCompletedAt when the newest completed checkpoint was acknowledged by every task
   * @param lastDurationMs its end-to-end duration, trigger to last acknowledgement
   */
  record Checkpoints(
      long completed,
      long failed,
      long inProgress,
      long restored,
      Long lastId,
      Long lastCompletedAt,
      Long lastDurationMs) {}

  /** The jobs of {@code GET /jobs/overview}, in Flink's order. */
  static List<Job> jobs(JsonNode overview) {
    JsonNode jobs = overview.path("jobs");
    if (!jobs.isArray()) {
      throw new IllegalArgumentException("Cannot read Flink's job overview: it has no jobs array");
    }
    List<Job> read = new ArrayList<>();
    for (JsonNode job : jobs) {
      String id = job.path("jid").asText("");
      if (!JOB_ID.matcher(id).matches()) {
        throw new IllegalArgumentException(
            "Cannot read Flink's job overview: a job has no valid jid");
      }
      read.add(
          new Job(
              id,
              job.path("name").asText(""),
              job.path("state").asText("UNKNOWN"),
              time(job.path("start-time")),
              time(job.path("end-time")),
              time(job.path("duration"))));
    }
    return read;
  }

  /**
   * The newest run of each job name (a session cluster keeps the runs that ended: a job stopped
   * with a savepoint and submitted again is two runs of one name), by name.
   */
  static List<Job> newestByName(List<Job> jobs) {
    Map<String, Job> newest = new HashMap<>();
    Comparator<Job> byStart =
        Comparator.comparing(Job::startTime, Comparator.nullsFirst(Comparator.naturalOrder()));
    for (Job job : jobs) {
      newest.merge(job.name(), job, (a, b) -> byStart.compare(b, a) > 0 ? b : a);
    }
    return newest.values().stream().sorted(Comparator.comparing(Job::name)).toList();
  }

  /** The counts and the newest completed checkpoint of {@code GET /jobs/<id>/checkpoints}. */
  static Checkpoints checkpoints(JsonNode statistics) {
    JsonNode counts = statistics.path("counts");
    if (!counts.isObject()) {
      throw new IllegalArgumentException(
          "Cannot read Flink's checkpoint statistics: they have no counts");
    }
    JsonNode completed = statistics.path("latest").path("completed");
    boolean hasCompleted = completed.isObject();
    return new Checkpoints(
        counts.path("completed").asLong(0),
        counts.path("failed").asLong(0),
        counts.path("in_progress").asLong(0),
        counts.path("restored").asLong(0),
        hasCompleted && completed.has("id") ? completed.path("id").asLong() : null,
        hasCompleted ? time(completed.path("latest_ack_timestamp")) : null,
        hasCompleted ? time(completed.path("end_to_end_duration")) : null);
  }

  /**
   * The values of {@code GET /jobs/<id>/metrics?get=...}: metric id to value. Flink answers only
   * the metrics its metric fetcher holds already: nothing on the first request after a while.
   */
  static Map<String, String> metrics(JsonNode metrics) {
    if (!metrics.isArray()) {
      throw new IllegalArgumentException("Cannot read Flink's job metrics: not an array");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (JsonNode metric : metrics) {
      if (metric.path("id").isTextual() && metric.has("value")) {
        values.put(metric.path("id").textValue(), metric.path("value").asText());
      }
    }
    return values;
  }

  /** A metric as a whole number, or null when absent or not one. */
  static Long longMetric(Map<String, String> metrics, String id) {
    String value = metrics.get(id);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A time or duration in ms; Flink writes -1 (or nothing) for none. */
  private static Long time(JsonNode value) {
    if (!value.isNumber() || value.asLong() < 0) {
      return null;
    }
    return value.asLong();
  }
}
