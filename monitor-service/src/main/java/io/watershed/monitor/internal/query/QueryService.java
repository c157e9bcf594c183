package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.live.LiveFeed;
import io.watershed.monitor.internal.live.LiveMinutes;
import io.watershed.monitor.internal.live.LivePartial;
import io.watershed.monitor.internal.live.LiveSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API over the lake through Trino: series with their watermark, the jobs' progress, and
 * ad-hoc SQL; the series' provisional points from the live minutes of the monitoring queue when
 * they are on. Off when no Trino is configured: then every call answers 503 {@code
 * query_unavailable}, but series, which the live minutes answer alone when they are on. Nothing
 * here is part of the service's readiness.
 */
public final class QueryService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);

  private final QuerySettings settings;
  private final TrinoPool trino;
  private final WatermarkReader watermarks;
  private final LakeHealth lake;
  private final AdhocQuery adhoc;
  private final ExecutorService executor;
  private final LiveFeed live;
  private final Clock clock;

  private QueryService(
      QuerySettings settings,
      TrinoPool trino,
      WatermarkReader watermarks,
      LakeHealth lake,
      AdhocQuery adhoc,
      ExecutorService executor,
      LiveFeed live,
      Clock clock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.trino = trino;
    this.watermarks = watermarks;
    this.lake = lake;
    this.adhoc = adhoc;
    this.executor = executor;
    this.live = live;
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The query API of {@code settings}, and the live minutes of {@code live} when they are on
   * (reading the monitoring queue starts now, in the background); connects nothing to Trino yet.
   */
  public static QueryService open(QuerySettings settings, LiveSettings live, Metrics metrics) {
    Clock clock = Clock.systemUTC();
    TrinoPool trino = null;
    WatermarkReader watermarks = null;
    LakeHealth lake = null;
    AdhocQuery adhoc = null;
    ExecutorService executor = null;
    if (settings.enabled()) {
      trino = TrinoPool.open(settings);
      AtomicInteger threads = new AtomicInteger();
      executor =
          Executors.newCachedThreadPool(
              task -> {
                Thread thread = new Thread(task, "monitor-query-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
              });
      watermarks = new WatermarkReader(trino, settings.watermarkJob());
      lake = new LakeHealth(trino);
      adhoc = new AdhocQuery(settings);
    }
    LiveFeed feed =
        live.enabled()
            ? LiveFeed.start(
                live, watermarks == null ? null : watermarks::windowsWatermark, metrics, clock)
            : null;
    return new QueryService(settings, trino, watermarks, lake, adhoc, executor, feed, clock);
  }

  public boolean enabled() {
    return settings.enabled();
  }

  /** Whether the live minutes are on (configured; they may not answer yet). */
  public boolean liveEnabled() {
    return live != null;
  }

  /**
   * The answer of {@code GET /v1/series}: the final points from the lake (the watermark read beside
   * the series; the compared ranges after it, beside each other), the provisional ones from the
   * live minutes when they are on (1m and 5m steps). When Trino is off or does not answer but the
   * live minutes do, the answer holds the live points only ({@code "lake": false}, the watermark
   * last known, final points null); with neither, 503 {@code query_unavailable}.
   */
  public Map<String, Object> series(SeriesRequest request) {
    String action = "read the series of " + request.ubc();
    LiveFeed feed = live != null && live.available() ? live : null;
    if (!settings.enabled() && feed == null) {
      checkEnabled(action);
    }
    boolean grouped = request.group() != null;
    Long watermark;
    List<SeriesRow> rows;
    boolean lake = settings.enabled();
    if (lake) {
      try {
        CompletableFuture<Long> read = async(watermarks::windowsWatermark);
        rows =
            trino.query(
                action,
                grouped
                    ? SeriesSql.ranked(request, request.from(), request.to())
                    : SeriesSql.total(request, request.from(), request.to()),
                SeriesRow::read);
        watermark = join(read);
      } catch (ApiException e) {
        if (feed == null || e.code() != MonitorErrorCode.QUERY_UNAVAILABLE) {
          throw e;
        }
        LOG.warn("Series of {} from the live minutes only: {}", request.ubc(), e.getMessage());
        lake = false;
        rows = List.of();
        watermark = null;
      }
    } else {
      rows = List.of();
      watermark = null;
    }
    if (live != null) {
      // the newest watermark known, here and in the live minutes (they keep only what is not
      // final): the refresh may have read a newer one than this request, and without the lake it
      // is the last one read
      live.minutes().advance(watermark, clock.millis());
      watermark = live.minutes().watermark();
    }
    Long provisionalFrom = SeriesAnswer.provisionalFrom(request, watermark);
    List<LivePartial> partials = List.of();
    boolean fromLive = false;
    if (feed != null && provisionalFrom != null && LiveSeries.answers(request.step())) {
      LiveMinutes.Answer answer = LiveSeries.read(request, feed.minutes(), provisionalFrom);
      partials = answer.partials();
      fromLive = answer.covers();
    }
    List<String> names =
        grouped ? LiveSeries.names(request, SeriesAnswer.names(rows), partials) : null;
    Set<Long> lakeBuckets = new HashSet<>();
    rows.forEach(row -> lakeBuckets.add(row.bucket()));
    List<SeriesRow> all = new ArrayList<>(rows);
    all.addAll(LiveSeries.rows(request, names, partials, lakeBuckets));
    Map<Comparison, CompletableFuture<List<SeriesRow>>> compared = new LinkedHashMap<>();
    for (Comparison comparison : request.comparisons()) {
      long from = request.from() - comparison.shiftMillis();
      long to = request.to() - comparison.shiftMillis();
      if (!lake) {
        compared.put(comparison, CompletableFuture.completedFuture(List.of()));
        continue;
      }
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
        request,
        watermark,
        new SeriesAnswer.Sources(lake, fromLive),
        SeriesAnswer.series(request, all, names, 0),
        comparedSeries);
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
    if (live != null) {
      live.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    if (trino != null) {
      trino.close();
    }
  }
}
