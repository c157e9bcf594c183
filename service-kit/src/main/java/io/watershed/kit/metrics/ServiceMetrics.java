package io.watershed.kit.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/**
 * A process's metrics on the Prometheus Java client: one registry holding the JVM and process
 * metrics ({@code jvm_*}, {@code process_*}) and the metrics of each {@link ComponentMetrics
 * component} the process runs, named {@code watershed_<component>_...}. {@link #scrape()} is the
 * body of {@code GET /metrics}.
 */
public final class ServiceMetrics {
  /** The media type of {@link #scrape()}: the Prometheus text format 0.0.4. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private final PrometheusRegistry registry;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private ServiceMetrics(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** A new registry with the JVM and process metrics in it. */
  public static ServiceMetrics create() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return new ServiceMetrics(registry);
  }

  /**
   * The metrics of one component of this process, e.g. {@code catalog}, {@code intake}: the
   * standard counters every component emits (STYLE.md 12) under {@code watershed_<name>_}.
   */
  public ComponentMetrics component(String name) {
    if (!COMPONENT.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Cannot name metrics component %s: must be lower-case letters, digits and '_'"
              .formatted(name));
    }
    return new ComponentMetrics(registry, "watershed_" + name + "_");
  }

  /** Every metric, in the Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
  public byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the metrics: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  /** The registry, for metrics a component registers itself. */
  public PrometheusRegistry registry() {
    return registry;
  }
}
