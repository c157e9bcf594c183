package io.watershed.collector.internal;

import static java.util.Objects.requireNonNull;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.watershed.kit.metrics.ComponentMetrics;
import io.watershed.kit.metrics.HttpMetrics;
import io.watershed.kit.metrics.ServiceMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's metrics, on the service kit's Prometheus registry: JVM and process metrics, and
 * per component ({@code intake}, {@code agent}) the standard counters every Watershed component
 * emits under {@code watershed_<component>_}, plus the intake's HTTP request metrics, gauges, and
 * counters of the component's own.
 */
public final class Metrics {
  /** The media type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = ServiceMetrics.CONTENT_TYPE;

  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

  private final ServiceMetrics registry = ServiceMetrics.create();
  private final Map<String, ComponentMetrics> components = new ConcurrentHashMap<>();
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private volatile HttpMetrics http;

  /** The counters of one component. */
  public Component component(String name) {
    return new Component(this, name, components(name));
  }

  private ComponentMetrics components(String name) {
    return components.computeIfAbsent(name, registry::component);
  }

  /** An intake answer was sent: counts it by route and status, and times it. */
  public void httpRequest(String route, int status, long elapsedNanos) {
    HttpMetrics metrics = http;
    if (metrics == null) {
      synchronized (this) {
        if (http == null) {
          http = components("intake").http();
        }
        metrics = http;
      }
    }
    metrics.answered(route, status, 0, elapsedNanos);
  }

  /**
   * A value read at each scrape; {@code name} starts with its component, e.g. {@code agent_files}
   * becomes {@code watershed_agent_files}.
   */
  public void gauge(String name, String help, LongSupplier value) {
    Name split = Name.of(name);
    components(split.component()).gauge(split.metric(), help, () -> value.getAsLong());
  }

  /**
   * Adds to a counter of a component's own: {@code name} starts with its component and ends in
   * {@code _total} (e.g. {@code agent_kafka_batches_total}); {@code labels} like {@code a="b"}, the
   * same label names at every call.
   */
  public void counter(String name, String help, String labels, long amount) {
    List<String> names = new ArrayList<>();
    List<String> values = new ArrayList<>();
    Matcher matcher = LABEL.matcher(labels);
    while (matcher.find()) {
      names.add(matcher.group(1));
      values.add(matcher.group(2));
    }
    Counter counter =
        counters.computeIfAbsent(
            name,
            ignored -> {
              Name split = Name.of(name.replaceFirst("_total$", ""));
              return components(split.component())
                  .counter(split.metric(), help, names.toArray(String[]::new));
            });
    if (values.isEmpty()) {
      counter.inc(amount);
    } else {
      counter.labelValues(values.toArray(String[]::new)).inc(amount);
    }
  }

  /** Every metric in the Prometheus text exposition format, version 0.0.4. */
  public String scrape() {
    return new String(registry.scrape(), StandardCharsets.UTF_8);
  }

  private record Name(String component, String metric) {
    static Name of(String name) {
      int underscore = name.indexOf('_');
      if (underscore <= 0) {
        throw new IllegalArgumentException(
            "Cannot name metric %s: it must start with its component, e.g. agent_".formatted(name));
      }
      return new Name(name.substring(0, underscore), name.substring(underscore + 1));
    }
  }

  /** The standard counters of one component, e.g. {@code intake}. */
  public static final class Component {
    private final Metrics metrics;
    private final String name;
    private final ComponentMetrics counters;
    // looked up once, added to on every record
    private final CounterDataPoint receivedBytes;
    private final CounterDataPoint receivedEvents;
    private final CounterDataPoint sentEvents;

    Component(Metrics metrics, String name, ComponentMetrics counters) {
      this.metrics = requireNonNull(metrics, "metrics is null");
      this.name = requireNonNull(name, "name is null");
      this.counters = requireNonNull(counters, "counters is null");
      this.receivedBytes = counters.receivedBytesCounter();
      this.receivedEvents = counters.receivedEventsCounter();
      this.sentEvents = counters.sentEventsCounter();
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

    public void error(String stage, CollectorErrorCode code) {
      counters.error(stage, code);
    }

    /** Records read and not sent on purpose (the agent's filters and sampling). */
    public void discarded(String reason, long events) {
      counters.discarded(reason, events);
    }

    public void discarded(CollectorErrorCode reason, long events) {
      counters.discarded(reason.tag(), events);
    }

    /**
     * A counter of this component's own: {@code name} with or without the component's prefix, e.g.
     * {@code agent_records_total}.
     */
    public void counter(String name, String help, String labels, long amount) {
      String full = name.startsWith(this.name + "_") ? name : this.name + "_" + name;
      metrics.counter(full, help, labels, amount);
    }
  }
}
