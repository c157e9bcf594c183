package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The query API over the lake through Trino: series with their watermark, the jobs' progress, and
 * ad-hoc SQL. Off when no Trino is configured: then every call answers 503 {@code
 * query_unavailable}. Nothing here is part of the service's readiness.
 */
public final class QueryService implements AutoCloseable {
  private final QuerySettings settings;
  private final TrinoPool trino;
  private final WatermarkReader watermarks;
  private final LakeHealth lake;
  private final AdhocQuery adhoc;
  private final ExecutorService executor;

  private QueryService(
      QuerySettings settings,
      TrinoPool trino,
      WatermarkReader watermarks,
      LakeHealth lake,
      AdhocQuery adhoc,
      ExecutorService executor) {
    this.settings = requireNonNull(settings, "settings is null");
    this.trino = trino;
    this.watermarks = watermarks;
    this.lake = lake;
    this.adhoc = adhoc;
    this.executor = executor;
  }

  /** The query API of {@code settings}; connects nothing yet. */
  public static QueryService open(QuerySettings settings) {
    if (!settings.enabled()) {
      return new QueryService(settings, null, null, null, null, null);
    }
    TrinoPool trino = TrinoPool.open(settings);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "monitor-query-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    return new QueryService(
        settings,
        trino,
        new WatermarkReader(trino, settings.watermarkJob()),
        new LakeHealth(trino),
        new AdhocQuery(settings),
        executor);
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /**
   * The answer of {@code GET /v1/series}: the watermark is read beside the series; the compared
   * ranges after it (they show the current range's groups), beside each other.
   */
  public Map<String, Object> series(SeriesRequest request) {
    checkEnabled("read the series of " + request.ubc());
    CompletableFuture<Long> watermark = async(watermarks::windowsWatermark);
    boolean grouped = request.group() != null;
    List<SeriesRow> rows =
        trino.query(
            "read the series of " + request.ubc(),
            grouped
                ? SeriesSql.ranked(request, request.from(), request.to())
                : SeriesSql.total(request, request.from(), request.to()),
            SeriesRow::read);
    List<String> names = grouped ? SeriesAnswer.names(rows) : null;
    Map<Comparison, CompletableFuture<List<SeriesRow>>> compared = new LinkedHashMap<>();
    for (Comparison comparison : request.comparisons()) {
      long from = request.from() - comparison.shiftMillis();
      long to = request.to() - comparison.shiftMillis();
      SqlStatement statement =
          grouped ? SeriesSql.named(request, from, to, names) : SeriesSql.total(request, from, to);
      compared.put(
          comparison,
          async(
              () ->
                  trino.query(
                      "read the series of %s a %s before"
                          .formatted(request.ubc(), comparison.wire()),
                      statement,
                      SeriesRow::read)));
    }
    Map<Comparison, List<Map<String, Object>>> comparedSeries = new LinkedHashMap<>();
    compared.forEach(
        (comparison, future) ->
            comparedSeries.put(
                comparison,
                SeriesAnswer.series(request, join(future), names, comparison.shiftMillis())));
    return SeriesAnswer.answer(
        request, join(watermark), SeriesAnswer.series(request, rows, names, 0), comparedSeries);
  }

  /**
   * The watermark of the UBC windows in epoch milliseconds (windows ending at or before it are
   * final), or null before the first.
   */
  public Long windowsWatermark() {
    checkEnabled("read the watermark");
    return watermarks.windowsWatermark();
  }

  /**
   * The value of every window of an ungrouped request that counted something, by window start: the
   * statement of {@code GET /v1/series} without a group ({@link SeriesSql#total}).
   */
  public Map<Long, Number> totals(SeriesRequest request) {
    checkEnabled("read the windows of " + request.ubc());
    if (request.group() != null) {
      throw new IllegalArgumentException(
          "Cannot read the totals of " + request.ubc() + ": the request is grouped");
    }
    Map<Long, Number> values = new LinkedHashMap<>();
    for (SeriesRow row :
        trino.query(
            "read the windows of " + request.ubc(),
            SeriesSql.total(request, request.from(), request.to()),
            SeriesRow::read)) {
      if (row.value() != null) {
        values.put(row.bucket(), row.value());
      }
    }
    return values;
  }

  /** The answer of {@code GET /v1/watermark}: the UBC windows' watermark and every job's. */
  public Map<String, Object> watermarks() {
    checkEnabled("read the watermarks");
    List<WatermarkReader.JobProgress> progress = watermarks.progress();
    Long windows = null;
    List<Map<String, Object>> jobs = new ArrayList<>();
    for (WatermarkReader.JobProgress job : progress) {
      if (job.job().equals(watermarks.windowsJob()) && job.watermark() != null) {
        windows = windows == null ? job.watermark() : Math.max(windows, job.watermark());
      }
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("job", job.job());
      view.put("source", job.source());
      view.put("watermark", job.watermark());
      view.put("updated_at", job.updatedAt());
      jobs.add(view);
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("watermark", SeriesAnswer.orNull(windows));
    answer.put("jobs", jobs);
    return answer;
  }

  /** Every lake table's newest commit, from Iceberg's snapshot metadata. */
  public List<TableCommit> tableCommits() {
    checkEnabled("read the lake tables' snapshots");
    return lake.tableCommits();
  }

  /** How many records reported in [from, to) came late, and how many the windows counted. */
  public LateRecords lateRecords(long from, long to) {
    checkEnabled("count the late records");
    return lake.lateRecords(from, to);
  }

  /** Runs a caller's SQL as the ad-hoc user, within the ad-hoc limits. */
  public AdhocResult adhoc(String sql) {
    checkEnabled("run the SQL");
    return adhoc.run(sql);
  }

  private void checkEnabled(String action) {
    if (!settings.enabled()) {
      throw new ApiException(
          MonitorErrorCode.QUERY_UNAVAILABLE,
          "Cannot %s: the query API is off (monitor.trino.url is not set)".formatted(action));
    }
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, executor);
  }

  /** The future's value; its failure rethrown as it was thrown. */
  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
    if (trino != null) {
      trino.close();
    }
  }
}
