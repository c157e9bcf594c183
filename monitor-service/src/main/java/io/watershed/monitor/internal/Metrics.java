package io.watershed.monitor.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The monitor service's counters, in the Prometheus text format. Besides the counters every
 * Watershed component emits ({@code received_bytes_total}, {@code received_events_total}, {@code
 * sent_events_total}, {@code errors_total}, {@code discarded_events_total}) it counts and times
 * requests per route.
 */
public final class Metrics {
  private static final double[] BUCKETS_SECONDS = {
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final LongAdder receivedBytes = new LongAdder();
  private final LongAdder receivedEvents = new LongAdder();
  private final LongAdder sentEvents = new LongAdder();
  private final LongAdder sentBytes = new LongAdder();
  private final LongAdder heartbeats = new LongAdder();
  private final AtomicLong rulesVersion = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> discarded = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();
  private final Map<String, Timer> durations = new ConcurrentSkipListMap<>();

  public void requestStarted() {
    receivedEvents.increment();
    inFlight.incrementAndGet();
  }

  public void bodyReceived(long bytes) {
    receivedBytes.add(bytes);
  }

  /** A response was sent: counts it, per route and status, and times it. */
  public void requestFinished(String route, int status, long responseBytes, long elapsedNanos) {
    inFlight.decrementAndGet();
    sentEvents.increment();
    sentBytes.add(responseBytes);
    count(requests, "route=\"%s\",status=\"%d\"".formatted(route, status));
    durations.computeIfAbsent(route, ignored -> new Timer()).record(elapsedNanos);
  }

  public void error(String stage, MonitorErrorCode code) {
    count(errors, "stage=\"%s\",error_type=\"%s\"".formatted(stage, code.tag()));
  }

  public void discarded(String reason) {
    count(discarded, "reason=\"%s\"".formatted(reason));
  }

  public void heartbeat() {
    heartbeats.increment();
  }

  /** The newest rule version this process has seen; only ever moves forward. */
  public void rulesVersion(long version) {
    rulesVersion.accumulateAndGet(version, Math::max);
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Every metric in the Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    single(out, "received_bytes_total", "Request body bytes received.", receivedBytes);
    single(out, "received_events_total", "Requests received.", receivedEvents);
    single(out, "sent_events_total", "Responses sent.", sentEvents);
    single(out, "sent_bytes_total", "Response body bytes sent.", sentBytes);
    labelled(out, "errors_total", "Failed requests, by stage and error type.", errors);
    labelled(out, "discarded_events_total", "Requests refused unprocessed, by reason.", discarded);
    labelled(out, "monitor_http_requests_total", "Responses by route and HTTP status.", requests);
    single(out, "monitor_heartbeats_total", "Heartbeats recorded.", heartbeats);
    header(out, "monitor_rules_version", "Newest rule version seen by this process.", "gauge");
    out.append("monitor_rules_version ").append(rulesVersion.get()).append('\n');
    header(out, "monitor_http_requests_in_flight", "Requests being handled.", "gauge");
    out.append("monitor_http_requests_in_flight ").append(inFlight.get()).append('\n');
    header(
        out,
        "monitor_http_request_duration_seconds",
        "Time from request to response, by route.",
        "histogram");
    durations.forEach((route, timer) -> timer.write(out, route));
    return out.toString();
  }

  private static void count(Map<String, LongAdder> counters, String labels) {
    counters.computeIfAbsent(labels, ignored -> new LongAdder()).increment();
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void single(StringBuilder out, String name, String help, LongAdder value) {
    header(out, name, help, "counter");
    out.append(name).append(' ').append(value.sum()).append('\n');
  }

  private static void labelled(
      StringBuilder out, String name, String help, Map<String, LongAdder> values) {
    header(out, name, help, "counter");
    values.forEach(
        (labels, value) ->
            out.append(name)
                .append('{')
                .append(labels)
                .append("} ")
                .append(value.sum())
                .append('\n'));
  }

  /** A cumulative histogram of durations. */
  private static final class Timer {
    private final LongAdder[] buckets = new LongAdder[BUCKETS_SECONDS.length];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    Timer() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void record(long nanos) {
      double seconds = nanos / 1e9;
      for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
        if (seconds <= BUCKETS_SECONDS[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sumNanos.add(nanos);
    }

    void write(StringBuilder out, String route) {
      String name = "monitor_http_request_duration_seconds";
      long cumulative = 0;
      for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
        cumulative += buckets[i].sum();
        out.append(name)
            .append("_bucket{route=\"")
            .append(route)
            .append("\",le=\"")
            .append(BUCKETS_SECONDS[i])
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      long total = Math.max(count.sum(), cumulative);
      out.append(name).append("_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ");
      out.append(total).append('\n');
      out.append(name).append("_sum{route=\"").append(route).append("\"} ");
      out.append(sumNanos.sum() / 1e9).append('\n');
      out.append(name).append("_count{route=\"").append(route).append("\"} ");
      out.append(total).append('\n');
    }
  }
}
