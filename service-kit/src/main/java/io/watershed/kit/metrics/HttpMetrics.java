package io.watershed.kit.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;

/**
 * A component's HTTP server metrics: {@code http_requests_total{route,status}}, {@code
 * http_request_duration_seconds{route}}, {@code http_requests_in_flight} and {@code
 * sent_bytes_total}. The standard counters stay the component's to count: what an event is depends
 * on the component.
 */
public final class HttpMetrics {
  private static final double[] BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Counter requests;
  private final Histogram durations;
  private final Gauge inFlight;
  private final Counter sentBytes;

  HttpMetrics(ComponentMetrics component) {
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

  /** A request arrived. */
  public void started() {
    inFlight.inc();
  }

  /** The request {@link #started} was answered. */
  public void finished(String route, int status, long responseBytes, long elapsedNanos) {
    inFlight.dec();
    answered(route, status, responseBytes, elapsedNanos);
  }

  /** A request was answered, on a server that does not count requests in flight here. */
  public void answered(String route, int status, long responseBytes, long elapsedNanos) {
    sentBytes.inc(responseBytes);
    requests.labelValues(route, Integer.toString(status)).inc();
    durations.labelValues(route).observe(elapsedNanos / 1e9);
  }

  /** Requests being handled now. */
  public long inFlight() {
    return (long) inFlight.get();
  }
}
