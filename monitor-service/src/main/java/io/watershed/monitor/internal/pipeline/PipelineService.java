package io.watershed.monitor.internal.pipeline;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.query.LateRecords;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.query.TableCommit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer of {@code GET /v1/pipeline}: four sections read beside each other, each with a {@code
 * status} of {@code ok}, {@code not_configured} or {@code unavailable} (then a {@code message} safe
 * to show): the Flink jobs, the lake tables' last commits, the jobs' watermarks and the late-record
 * rate. A section that fails leaves the others answering.
 */
public final class PipelineService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineService.class);

  /** The span of the late-record rate: the hour of report time up to the watermark. */
  static final Duration LATE_SPAN = Duration.ofHours(1);

  static final String OK = "ok";
  static final String NOT_CONFIGURED = "not_configured";
  static final String UNAVAILABLE = "unavailable";

  private final FlinkSettings flinkSettings;
  private final FlinkJobs flink;
  private final QueryService queries;
  private final ExecutorService executor;

  private PipelineService(
      FlinkSettings flinkSettings,
      FlinkJobs flink,
      QueryService queries,
      ExecutorService executor) {
    this.flinkSettings = requireNonNull(flinkSettings, "flinkSettings is null");
    this.flink = flink;
    this.queries = requireNonNull(queries, "queries is null");
    this.executor = requireNonNull(executor, "executor is null");
  }

  /** The pipeline's health from Flink (when configured) and the lake; connects nothing yet. */
  public static PipelineService open(FlinkSettings flink, QueryService queries) {
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "monitor-pipeline-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    FlinkJobs jobs = flink.enabled() ? new FlinkJobs(FlinkRest.open(flink, executor)) : null;
    return new PipelineService(flink, jobs, queries, executor);
  }

  /** Every section, read at {@code now} (epoch ms). */
  public Map<String, Object> health(long now) {
    CompletableFuture<Map<String, Object>> jobs = flinkSection();
    CompletableFuture<Map<String, Object>> watermarks =
        lakeSection("the jobs' watermarks", queries::watermarks);
    CompletableFuture<Map<String, Object>> tables =
        lakeSection("the lake tables' commits", () -> Map.of("tables", tables()));
    CompletableFuture<Map<String, Object>> late =
        watermarks.thenCompose(
            section -> lakeSection("the late records", () -> late(watermark(section), now)));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("checked_at", now);
    answer.put("flink", jobs.join());
    answer.put("tables", tables.join());
    answer.put("watermarks", watermarks.join());
    answer.put("late", late.join());
    return answer;
  }

  private CompletableFuture<Map<String, Object>> flinkSection() {
    if (flink == null) {
      return CompletableFuture.completedFuture(
          notConfigured("No Flink REST API is configured (monitor.flink.url)"));
    }
    // each request is bounded; the overview and then the jobs' details at most twice that
    long deadline = 5 * flinkSettings.timeout().toMillis();
    return flink
        .read()
        .orTimeout(deadline, TimeUnit.MILLISECONDS)
        .handle(
            (jobs, failure) -> {
              if (failure == null) {
                Map<String, Object> section = section(OK);
                section.put("jobs", jobs);
                return section;
              }
              LOG.warn(
                  "Pipeline page: cannot read the Flink jobs: {}", cause(failure).getMessage());
              return unavailable(
                  "Cannot read the Flink jobs: Flink's REST API is unreachable, did not answer in"
                      + " time or answered something unexpected (details in the server log)");
            });
  }

  /** A section read through Trino; not configured without Trino, unavailable when it fails. */
  private CompletableFuture<Map<String, Object>> lakeSection(
      String what, Supplier<Map<String, Object>> read) {
    if (!queries.enabled()) {
      return CompletableFuture.completedFuture(
          notConfigured("The query API is off (monitor.trino.url is not set)"));
    }
    return CompletableFuture.supplyAsync(read, executor)
        .handle(
            (values, failure) -> {
              if (failure == null) {
                Map<String, Object> section = section(OK);
                section.putAll(values);
                return section;
              }
              Throwable cause = cause(failure);
              if (cause instanceof ApiException api
                  && api.code() == MonitorErrorCode.QUERY_UNAVAILABLE) {
                // the query package's own words: safe to show
                LOG.warn(
                    "Pipeline page: {}{}",
                    api.getMessage(),
                    api.getCause() == null ? "" : "; caused by: " + api.getCause().getMessage());
                return unavailable(api.getMessage());
              }
              LOG.error("Cannot read {}: {}", what, cause.toString(), cause);
              return unavailable("Cannot read %s: internal error".formatted(what));
            });
  }

  private List<Map<String, Object>> tables() {
    return queries.tableCommits().stream().map(PipelineService::view).toList();
  }

  static Map<String, Object> view(TableCommit commit) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("table", commit.table());
    view.put("last_commit", commit.lastCommit());
    view.put("snapshots", commit.snapshots());
    view.put("operation", commit.operation());
    view.put("total_records", commit.totalRecords());
    return view;
  }

  /** The late records of the hour up to the watermark (up to now before the first watermark). */
  private Map<String, Object> late(Long watermark, long now) {
    long to = watermark == null ? now : watermark;
    return view(queries.lateRecords(to - LATE_SPAN.toMillis(), to), watermark != null);
  }

  static Map<String, Object> view(LateRecords records, boolean upToWatermark) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("from", records.from());
    view.put("to", records.to());
    view.put("up_to", upToWatermark ? "watermark" : "now");
    view.put("late", records.late());
    view.put("counted", records.counted());
    view.put("rate", records.rate());
    return view;
  }

  /** The UBC windows' watermark of a watermarks section, or null. */
  private static Long watermark(Map<String, Object> section) {
    return OK.equals(section.get("status")) && section.get("watermark") instanceof Long watermark
        ? watermark
        : null;
  }

  private static Map<String, Object> section(String status) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("status", status);
    return section;
  }

  static Map<String, Object> notConfigured(String message) {
    Map<String, Object> section = section(NOT_CONFIGURED);
    section.put("message", message);
    return section;
  }

  static Map<String, Object> unavailable(String message) {
    Map<String, Object> section = section(UNAVAILABLE);
    section.put("message", message);
    return section;
  }

  private static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
