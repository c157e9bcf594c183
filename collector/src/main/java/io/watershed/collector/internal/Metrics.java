package io.watershed.collector.internal;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The collector's metrics, in the Prometheus text format: the counters every Watershed component
 * emits ({@code received_bytes_total}, {@code received_events_total}, {@code sent_events_total},
 * {@code errors_total{stage}}, {@code discarded_events_total{reason}}), each labelled with the
 * {@code component} (intake, later agent), plus HTTP request counts and timings, and gauges.
 */
public final class Metrics {
  private static final double[] BUCKETS_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final Map<String, LongAdder> receivedBytes = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> receivedEvents = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> sentEvents = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> errors = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> discarded = new ConcurrentSkipListMap<>();
  private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();
  private final Map<String, Timer> durations = new ConcurrentSkipListMap<>();
  private final Map<String, Gauge> gauges = new ConcurrentSkipListMap<>();
  private final Map<String, String> counterHelp = new ConcurrentSkipListMap<>();
  private final Map<String, Map<String, LongAdder>> counters = new ConcurrentSkipListMap<>();

  /** The counters of one component. */
  public Component component(String name) {
    return new Component(this, name).register();
  }

  /** A response was sent: counts it by route and status, and times it. */
  public void httpRequest(String route, int status, long elapsedNanos) {
    count(requests, "route=\"%s\",status=\"%d\"".formatted(route, status), 1);
    durations.computeIfAbsent(route, ignored -> new Timer()).record(elapsedNanos);
  }

  /** A value read at each scrape. */
  public void gauge(String name, String help, LongSupplier value) {
    gauges.put(name, new Gauge(help, value));
  }

  /** A counter of its own, beside the standard ones: {@code labels} like {@code a="b"}. */
  public void counter(String name, String help, String labels, long amount) {
    counterHelp.putIfAbsent(name, help);
    count(counters.computeIfAbsent(name, ignored -> new ConcurrentSkipListMap<>()), labels, amount);
  }

  /** Every metric in the Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    StringBuilder out = new StringBuilder();
    labelled(out, "received_bytes_total", "Bytes received, as received.", receivedBytes);
    labelled(out, "received_events_total", "Records received and read.", receivedEvents);
    labelled(out, "sent_events_total", "Records acknowledged by Kafka.", sentEvents);
    labelled(out, "errors_total", "Failures, by stage and error type.", errors);
    labelled(
        out,
        "discarded_events_total",
        "Records read but not sent, by reason (intake: their request was refused; agent:"
            + " filtered or sampled out).",
        discarded);
    labelled(out, "intake_http_requests_total", "HTTP answers by route and status.", requests);
    header(
        out,
        "intake_http_request_duration_seconds",
        "Time from request to answer, by route.",
        "histogram");
    durations.forEach((route, timer) -> timer.write(out, route));
    counters.forEach((name, values) -> labelled(out, name, counterHelp.get(name), values));
    gauges.forEach(
        (name, gauge) -> {
          header(out, name, gauge.help(), "gauge");
          out.append(name).append(' ').append(gauge.value().getAsLong()).append('\n');
        });
    return out.toString();
  }

  private static void count(Map<String, LongAdder> counters, String labels, long amount) {
    counters.computeIfAbsent(labels, ignored -> new LongAdder()).add(amount);
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
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

  /** The standard counters of one component, e.g. {@code intake}. */
  public static final class Component {
    private final Metrics metrics;
    private final String label;
    private final LongAdder receivedBytes;
    private final LongAdder receivedEvents;
    private final LongAdder sentEvents;

    Component(Metrics metrics, String name) {
      this.metrics = requireNonNull(metrics, "metrics is null");
      this.label = "component=\"%s\"".formatted(requireNonNull(name, "name is null"));
      // shown at zero before anything happened; looked up once, counted on every record
      this.receivedBytes = metrics.receivedBytes.computeIfAbsent(label, ignored -> new LongAdder());
      this.receivedEvents =
          metrics.receivedEvents.computeIfAbsent(label, ignored -> new LongAdder());
      this.sentEvents = metrics.sentEvents.computeIfAbsent(label, ignored -> new LongAdder());
    }

    Component register() {
      return this;
    }

    public void receivedBytes(long bytes) {
      receivedBytes.add(bytes);
    }

    public void receivedEvents(long events) {
      receivedEvents.add(events);
    }

    public void sentEvents(long events) {
      sentEvents.add(events);
    }

    public void error(String stage, CollectorErrorCode code) {
      count(
          metrics.errors,
          label + ",stage=\"%s\",error_type=\"%s\"".formatted(stage, code.metricTag()),
          1);
    }

    /** Records read and not sent on purpose (the agent's filters and sampling). */
    public void discarded(String reason, long events) {
      count(metrics.discarded, label + ",reason=\"%s\"".formatted(reason), events);
    }

    /** A counter of this component's own, labelled with the component. */
    public void counter(String name, String help, String labels, long amount) {
      metrics.counter(name, help, labels.isEmpty() ? label : label + "," + labels, amount);
    }

    public void discarded(CollectorErrorCode reason, long events) {
      if (events > 0) {
        count(metrics.discarded, label + ",reason=\"%s\"".formatted(reason.metricTag()), events);
      }
    }
  }

  private record Gauge(String help, LongSupplier value) {}

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
      String name = "intake_http_request_duration_seconds";
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
