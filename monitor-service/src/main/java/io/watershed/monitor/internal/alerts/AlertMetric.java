package io.watershed.monitor.internal.alerts;

import io.watershed.monitor.internal.query.SeriesMetric;
import java.util.Arrays;
import java.util.List;

/** What an alert rule counts per window: page views, or the total duration of flow logs (ms). */
public enum AlertMetric {
  PV(SeriesMetric.PV),
  DURATION(SeriesMetric.DURATION);

  private final SeriesMetric series;

  AlertMetric(SeriesMetric series) {
    this.series = series;
  }

  /** The name in requests and answers, the same as the series API's. */
  public String wire() {
    return series.wire();
  }

  /** The series metric the windows are read with. */
  SeriesMetric series() {
    return series;
  }

  /** The metric named {@code wire}, or null. */
  static AlertMetric parse(String wire) {
    return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(AlertMetric::wire).toList();
  }
}
