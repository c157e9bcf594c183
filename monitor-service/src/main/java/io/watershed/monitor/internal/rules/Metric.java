package io.watershed.monitor.internal.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What the windows compute for a UBC ID: page views for every log, durations for flows only. */
enum Metric {
  PV(false),
  DURATION_MS(true);

  private final boolean flowOnly;

  Metric(boolean flowOnly) {
    this.flowOnly = flowOnly;
  }

  boolean flowOnly() {
    return flowOnly;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The metrics a UBC ID gets when it names none. */
  static List<Metric> defaults(LogType logType) {
    return logType == LogType.FLOW ? List.of(PV, DURATION_MS) : List.of(PV);
  }

  /** The metric named {@code wire}, or null. */
  static Metric parse(String wire) {
    return Arrays.stream(values()).filter(m -> m.wire().equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(Metric::wire).toList();
  }
}
