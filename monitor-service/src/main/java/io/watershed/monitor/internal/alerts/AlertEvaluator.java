package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.query.DimensionSlot;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.query.SeriesRequest;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the enabled alert rules on the windows that are final: those ending at or before the
 * watermark of the UBC windows ({@code lake.ops.progress}), as read at least {@code settle} ago so
 * that every table committed with it is visible. Each rule goes on from its stored progress, window
 * after window; the firings and the new progress are recorded in one transaction, so a restart
 * neither skips nor repeats a window, and each window fires at most once (a unique key). The
 * numbers come from {@link QueryService#totals}, the statement of {@code GET /v1/series}. Run by
 * one thread ({@link AlertWorkers}).
 */
public final class AlertEvaluator implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertEvaluator.class);

  /** Windows one rule evaluates per run at most: a rule far behind catches up over some runs. */
  static final int MAX_WINDOWS = 720;

  private final MonitorDatabase database;
  private final QueryService queries;
  private final Metrics metrics;
  private final AlertSettings settings;
  private final ObjectMapper mapper;
  private final Clock clock;
  private final Deque<Reading> readings = new ArrayDeque<>();
  private volatile boolean stopping;

  /** A watermark as read at a time. */
  private record Reading(Instant at, Long watermark) {}

  public AlertEvaluator(
      MonitorDatabase database,
      QueryService queries,
      Metrics metrics,
      AlertSettings settings,
      ObjectMapper mapper,
      Clock clock) {
    this.database = requireNonNull(database, "database is null");
    this.queries = requireNonNull(queries, "queries is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void run() {
    try {
      evaluate();
    } catch (ApiException e) {
      metrics.error("alerts", e.code());
      LOG.warn("Cannot evaluate the alert rules: {}", e.getMessage());
    } catch (DataAccessException e) {
      metrics.error("alerts", MonitorErrorCode.STORE_UNAVAILABLE);
      LOG.warn("Cannot evaluate the alert rules: database error: {}", e.getMessage());
    } catch (RuntimeException e) {
      metrics.error("alerts", MonitorErrorCode.INTERNAL_ERROR);
      LOG.error("Cannot evaluate the alert rules: {}", e.toString(), e);
    }
  }

  /** One run over every enabled rule; returns the windows evaluated. */
  int evaluate() {
    if (stopping) {
      return 0;
    }
    List<StoredAlert> alerts = AlertStore.list(database.dsl(), null, true, Integer.MAX_VALUE);
    if (alerts.isEmpty()) {
      // no rule, no query: Trino is not asked every interval for nothing
      readings.clear();
      return 0;
    }
    Long watermark = settledWatermark();
    if (watermark == null) {
      return 0;
    }
    int evaluated = 0;
    for (StoredAlert alert : alerts) {
      if (stopping) {
        break;
      }
      try {
        evaluated += evaluate(alert, watermark);
      } catch (ApiException e) {
        metrics.error("alerts", e.code());
        if (e.code() == MonitorErrorCode.QUERY_UNAVAILABLE) {
          // Trino is down or busy: the other rules would fail alike; they go on next run
          throw e;
        }
        LOG.warn("Cannot evaluate alert rule {}: {}", alert.id(), e.getMessage());
      }
    }
    return evaluated;
  }

  /** Makes the run under way stop after the rule it is at; no run starts after. */
  void stop() {
    stopping = true;
  }

  /**
   * The newest watermark read at least {@code settle} ago (after reading the current one), or null
   * when there is none yet.
   */
  private Long settledWatermark() {
    Instant now = clock.instant();
    readings.addLast(new Reading(now, queries.windowsWatermark()));
    Instant settledBefore = now.minus(settings.settle());
    Reading settled = null;
    while (!readings.isEmpty() && !readings.peekFirst().at().isAfter(settledBefore)) {
      settled = readings.pollFirst();
    }
    if (settled == null) {
      return null;
    }
    readings.addFirst(settled);
    return settled.watermark();
  }

  /** Evaluates the final windows of one rule from its progress on; returns how many. */
  int evaluate(StoredAlert alert, long watermark) {
    AlertRule rule = alert.rule();
    long step = rule.stepMillis();
    long from = alert.nextWindow();
    long complete = Math.floorDiv(watermark - from, step);
    if (complete <= 0) {
      return 0;
    }
    int windows = (int) Math.min(MAX_WINDOWS, complete);
    long to = from + windows * step;
    Map<Long, Long> values;
    Map<Long, Long> baseline = Map.of();
    if (rule.kind() == AlertKind.NO_DATA) {
      values = totals(rule, AlertMetric.PV, from + step - rule.minutes() * 60_000L, to, 0);
    } else {
      values = totals(rule, rule.metric(), from, to, 0);
    }
    if (rule.kind().compares()) {
      long shift = rule.compareTo().shiftMillis();
      baseline = totals(rule, rule.metric(), from - shift, to - shift, shift);
    }
    AlertDecision.Outcome outcome =
        AlertDecision.evaluate(rule, from, windows, values, baseline, alert.silent());
    OffsetDateTime now =
        OffsetDateTime.now(clock)
            .withOffsetSameInstant(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MILLIS);
    List<AlertStore.NewFiring> firings =
        outcome.findings().stream()
            .map(
                finding -> {
                  String firingId = UUID.randomUUID().toString();
                  return new AlertStore.NewFiring(
                      firingId, finding, payload(alert, finding, firingId, now));
                })
            .toList();
    int inserted =
        database.transaction(
            "record the evaluation of alert rule " + alert.id(),
            configuration ->
                AlertStore.recordEvaluation(
                    configuration.dsl(), alert, to, outcome.silent(), firings, now));
    if (inserted < 0) {
      LOG.info(
          "Alert rule {} changed while its windows were evaluated: evaluated again next run",
          alert.id());
      return 0;
    }
    metrics.alertWindowsEvaluated(windows);
    metrics.alertsFired(inserted);
    for (Finding finding : outcome.findings()) {
      LOG.info(
          "Alert rule {} ({}) fires for window {} of {}: {}",
          alert.id(),
          rule.name(),
          Instant.ofEpochMilli(finding.windowStart()),
          rule.ubc(),
          finding.condition());
    }
    return windows;
  }

  /**
   * The rule's metric per window start in [from, to), moved forward by {@code shift}; windows that
   * counted nothing are absent.
   */
  private Map<Long, Long> totals(
      AlertRule rule, AlertMetric metric, long from, long to, long shift) {
    Map<DimensionSlot, List<String>> filters =
        rule.filterSlot() == null
            ? Map.of()
            : Map.of(rule.filterSlot(), List.of(rule.filterValue()));
    Map<Long, Long> values = new HashMap<>();
    queries
        .totals(SeriesRequest.totals(rule.ubc(), metric.series(), rule.step(), from, to, filters))
        .forEach((start, value) -> values.put(start + shift, value.longValue()));
    return values;
  }

  /** The webhook body of a firing: the same on every attempt. */
  private String payload(StoredAlert alert, Finding finding, String firingId, OffsetDateTime now) {
    AlertRule rule = alert.rule();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("firingId", firingId);
    body.put("ruleId", alert.id());
    body.put("ruleName", rule.name());
    body.put("ubc", rule.ubc());
    if (rule.filterSlot() != null) {
      body.put("filter", Map.of(rule.filterSlot().column(), rule.filterValue()));
    }
    body.put("kind", rule.kind().wire());
    body.put("metric", rule.metric().wire());
    body.put("step", rule.step().wire());
    body.put("windowStart", AlertViews.time(finding.windowStart()));
    body.put("windowEnd", AlertViews.time(finding.windowEnd()));
    body.put("value", finding.value());
    if (finding.baseline() != null) {
      body.put("baseline", finding.baseline());
      body.put("compareTo", rule.compareTo().wire());
      body.put("changePercent", finding.changePercent());
    }
    body.put("condition", finding.condition());
    body.put("firedAt", AlertViews.time(now));
    try {
      return mapper.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write a firing as JSON: " + e.getMessage(), e);
    }
  }
}
