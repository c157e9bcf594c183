package io.watershed.kit.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * A component's HTTP server metrics: {@code http_requests_total{route,status}}, {@code
 * http_request_duration_seconds{route}} and {@code http_requests_in_flight}, beside the standard
 * counters (a request is a received event, an answer a sent event).
 */
public final class HttpMetrics {
  private static final double[] BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final ComponentMetrics component;
  private final Counter requests;
  private final Histogram durations;
  private final Gauge inFlight;
  private final Counter sentBytes;

  HttpMetrics(ComponentMetrics component) {
    this.component = component;
    this.requests =
        component.counter("http_requests", "HTTP answers by route and status.", "route", "status");
    this.durations =
        component.histogram(
            "http_request_duration_seconds",
            "Time from request to answer, by route.",
            BUCKETS_SECONDS,
            "route");
    this.inFlight = component.gauge("http_requests_in_flight", "Requests being handled.");
    this.sentBytes = component.counter("sent_bytes", "Response body bytes sent.");
  }

  /** A request arrived with {@code bodyBytes} of body. */
  public void started(long bodyBytes) {
    component.receivedEvents(1);
    component.receivedBytes(bodyBytes);
    inFlight.inc();
  }

  /** The request {@link #started} was answered. */
  public void finished(String route, int status, long responseBytes, long elapsedNanos) {
    inFlight.dec();
    component.sentEvents(1);
    sentBytes.inc(responseBytes);
    requests.labelValues(route, Integer.toString(status)).inc();
    durations.labelValues(route).observe(elapsedNanos / 1e9);
  }

  /** Requests being handled now. */
  public long inFlight() {
    return (long) inFlight.get();
  }
}
