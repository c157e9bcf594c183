package io.watershed.monitor.internal;

import io.prometheus.metrics.core.metrics.Counter;
import io.watershed.kit.metrics.ComponentMetrics;
import io.watershed.kit.metrics.HttpMetrics;
import io.watershed.kit.metrics.ServiceMetrics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * The monitor service's metrics, on the service kit's Prometheus registry: JVM and process metrics,
 * the counters every Watershed component emits and the HTTP request metrics under {@code
 * watershed_monitor_}, plus heartbeats received, the newest rule version seen, the alerts: firings,
 * windows evaluated and webhook attempts by outcome, and the live minutes: records read by outcome,
 * keys held and whether the monitoring queue answers.
 */
public final class Metrics {
  /** The media type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = ServiceMetrics.CONTENT_TYPE;

  private final ServiceMetrics registry = ServiceMetrics.create();
  private final ComponentMetrics counters = registry.component("monitor");
  private final HttpMetrics http = counters.http();
  private final Counter heartbeats = counters.counter("heartbeats", "Agent heartbeats received.");
  private final Counter liveRecords =
      counters.counter(
          "live_records",
          "Records of the monitoring queue read for the live minutes, by what became of them"
              + " (counted, final, too_old, ahead, key_cap, unreadable).",
          "outcome");
  private final Counter alertFirings =
      counters.counter(
          "alert_firings", "Alert firings: rule and final window pairs whose condition held.");
  private final Counter alertWindows =
      counters.counter("alert_windows_evaluated", "Final windows evaluated by the alert rules.");
  private final Counter alertDeliveries =
      counters.counter(
          "alert_deliveries",
          "Webhook attempts of alert firings, by outcome: ok, failed.",
          "outcome");
  private final AtomicLong rulesVersion = new AtomicLong();

  public Metrics() {
    // both outcomes exist from the start, at zero
    alertDeliveries.labelValues("ok");
    alertDeliveries.labelValues("failed");
    counters.gauge(
        "rules_version", "The newest rule version this process has seen.", rulesVersion::get);
  }

  public void requestStarted() {
    counters.receivedEvents(1);
    http.started();
  }

  public void bodyReceived(long bytes) {
    counters.receivedBytes(bytes);
  }

  /** A response was sent: counts it, per route and status, and times it. */
  public void requestFinished(String route, int status, long responseBytes, long elapsedNanos) {
    http.finished(route, status, responseBytes, elapsedNanos);
    counters.sentEvents(1);
  }

  public void error(String stage, MonitorErrorCode code) {
    counters.error(stage, code);
  }

  public void discarded(String reason) {
    counters.discarded(reason, 1);
  }

  /** {@code events} dropped for {@code reason}. */
  public void discarded(String reason, long events) {
    counters.discarded(reason, events);
  }

  /** Records of the monitoring queue with one {@code outcome} (a lower-case word). */
  public void liveRecords(String outcome, long records) {
    if (records > 0) {
      liveRecords.labelValues(outcome).inc(records);
    }
  }

  /**
   * The live minutes' gauges, read at each scrape: the keys held and whether the monitoring queue
   * answers (1) or not (0). Once per process.
   */
  public void liveGauges(DoubleSupplier keys, BooleanSupplier available) {
    counters.gauge(
        "live_keys", "Keys (UBC ID, minute, log type, d1..d6) the live minutes hold.", keys);
    counters.gauge(
        "live_available",
        "1 when the live minutes read the monitoring queue, else 0.",
        () -> available.getAsBoolean() ? 1 : 0);
  }

  public void heartbeat() {
    heartbeats.inc();
  }

  /** The newest rule version this process has seen; only ever moves forward. */
  public void rulesVersion(long version) {
    rulesVersion.accumulateAndGet(version, Math::max);
  }

  /** {@code count} new firings recorded. */
  public void alertsFired(int count) {
    alertFirings.inc(count);
  }

  public void alertWindowsEvaluated(int count) {
    alertWindows.inc(count);
  }

  /** One webhook attempt: ok (2xx) or failed. */
  public void alertDelivery(boolean ok) {
    alertDeliveries.labelValues(ok ? "ok" : "failed").inc();
  }

  public long inFlight() {
    return http.inFlight();
  }

  /** Every metric in the Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    return new String(registry.scrape(), StandardCharsets.UTF_8);
  }
}
