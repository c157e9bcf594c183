package io.watershed.monitor.internal.query;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a series counts, and how it is computed from the window tables. The partial and final
 * expressions use the tables' own column names, so a final expression is valid both over the table
 * and over partials named as its columns; devices unite the sketches and only then count them,
 * never adding device counts.
 */
public enum SeriesMetric {
  /** Page views: every log counts one. */
  PV("sum(pv) AS pv", "sum(pv)", "sum(pv) OVER (%s)", false),
  /** Total duration of flow logs, in milliseconds. */
  DURATION(
      "sum(duration_ms) AS duration_ms", "sum(duration_ms)", "sum(duration_ms) OVER (%s)", false),
  /** Average duration of flow logs: total duration over their page views; ranked by pv. */
  AVG_DURATION(
      "sum(pv) AS pv, sum(duration_ms) AS duration_ms",
      "CAST(sum(duration_ms) AS double) / nullif(sum(pv), 0)",
      "sum(pv) OVER (%s)",
      true),
  /** Distinct devices: the union of the windows' Theta sketches, then its cardinality. */
  DEVICES(
      "theta_sketch_union(devices) AS devices",
      "theta_sketch_cardinality(theta_sketch_union(devices))",
      "theta_sketch_cardinality(theta_sketch_union(devices) OVER (%s))",
      false);

  private final String partials;
  private final String value;
  private final String rankBy;
  private final boolean flowOnly;

  SeriesMetric(String partials, String value, String rankBy, boolean flowOnly) {
    this.partials = partials;
    this.value = value;
    this.rankBy = rankBy;
    this.flowOnly = flowOnly;
  }

  /** The name in requests and answers, e.g. {@code avg_duration}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Aggregates per window and group, named as the table's columns they aggregate. */
  String partials() {
    return partials;
  }

  /** The metric's value from the table's rows or from the partials. */
  String value() {
    return value;
  }

  /**
   * What ranks the groups over the whole range (the top N), as a window aggregate over the partials
   * with the window given: the metric itself, or the page views for an average (a rare group with
   * long flows would lead otherwise).
   */
  String rankBy(String window) {
    return rankBy.formatted(window);
  }

  /** Whether only flow logs take part (an average over event logs would count their pv). */
  boolean flowOnly() {
    return flowOnly;
  }

  /** The metric named {@code wire}, or null. */
  static SeriesMetric parse(String wire) {
    return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(SeriesMetric::wire).toList();
  }
}
