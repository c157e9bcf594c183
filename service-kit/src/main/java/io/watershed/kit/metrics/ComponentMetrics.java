package io.watershed.kit.metrics;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.watershed.kit.error.ErrorCode;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * One component's metrics, every name under {@code watershed_<component>_}. The standard counters
 * every Watershed component emits (STYLE.md 12) exist from the start, at zero: {@code
 * received_bytes_total}, {@code received_events_total}, {@code sent_events_total}, {@code
 * errors_total{stage,error_type}} and {@code discarded_events_total{reason}}. Exemplars are off: an
 * increment is an add to a striped counter and nothing else.
 */
public final class ComponentMetrics {
  private final PrometheusRegistry registry;
  private final String prefix;
  private final Counter receivedBytes;
  private final Counter receivedEvents;
  private final Counter sentEvents;
  private final Counter errors;
  private final Counter discarded;

  ComponentMetrics(PrometheusRegistry registry, String prefix) {
    this.registry = requireNonNull(registry, "registry is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
    this.receivedBytes = counter("received_bytes", "Bytes received, as received.");
    this.receivedEvents = counter("received_events", "Events (records, requests) received.");
    this.sentEvents = counter("sent_events", "Events handed on or answered.");
    this.errors = counter("errors", "Failures, by stage and error type.", "stage", "error_type");
    this.discarded =
        counter("discarded_events", "Events dropped unprocessed, by reason.", "reason");
  }

  /** The full name of one of this component's metrics, e.g. {@code watershed_catalog_x}. */
  public String name(String metric) {
    return prefix + metric;
  }

  public void receivedBytes(long bytes) {
    receivedBytes.inc(bytes);
  }

  public void receivedEvents(long events) {
    receivedEvents.inc(events);
  }

  public void sentEvents(long events) {
    sentEvents.inc(events);
  }

  /** The data points of the standard counters, for a hot path to keep and add to. */
  public CounterDataPoint receivedBytesCounter() {
    return receivedBytes;
  }

  public CounterDataPoint receivedEventsCounter() {
    return receivedEvents;
  }

  public CounterDataPoint sentEventsCounter() {
    return sentEvents;
  }

  /** One failure at {@code stage}, labelled with the code's tag. */
  public void error(String stage, ErrorCode code) {
    errors.labelValues(stage, code.tag()).inc();
  }

  /** {@code events} dropped on purpose or refused unprocessed, for {@code reason}. */
  public void discarded(String reason, long events) {
    if (events > 0) {
      discarded.labelValues(reason).inc(events);
    }
  }

  /**
   * A counter of this component's own; {@code name} without the prefix and without {@code _total}.
   */
  public Counter counter(String name, String help, String... labelNames) {
    return Counter.builder()
        .name(prefix + name)
        .help(help)
        .labelNames(labelNames)
        .withoutExemplars()
        .register(registry);
  }

  /** A counter read at each scrape, e.g. from the component's own adders. */
  public void counter(
      String name, String help, Consumer<CounterWithCallback.Callback> read, String... labels) {
    CounterWithCallback.builder()
        .name(prefix + name)
        .help(help)
        .labelNames(labels)
        .callback(read)
        .register(registry);
  }

  /** A gauge set by the component. */
  public Gauge gauge(String name, String help, String... labelNames) {
    return Gauge.builder()
        .name(prefix + name)
        .help(help)
        .labelNames(labelNames)
        .withoutExemplars()
        .register(registry);
  }

  /** A gauge read at each scrape. */
  public void gauge(String name, String help, DoubleSupplier value) {
    GaugeWithCallback.builder()
        .name(prefix + name)
        .help(help)
        .callback(callback -> callback.call(value.getAsDouble()))
        .register(registry);
  }

  /** A histogram with the given bucket bounds (classic buckets only); name it with its unit. */
  public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
    return Histogram.builder()
        .name(prefix + name)
        .help(help)
        .classicOnly()
        .classicUpperBounds(bounds)
        .labelNames(labelNames)
        .withoutExemplars()
        .register(registry);
  }

  /** The HTTP metrics of this component's server: requests by route and status, durations. */
  public HttpMetrics http() {
    return new HttpMetrics(this);
  }
}
