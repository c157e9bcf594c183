package io.watershed.monitor.internal.alerts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What an alert rule watches for in each final window. */
public enum AlertKind {
  /** The value fell by at least a percentage against the same window a day or a week before. */
  DROP,
  /** The value rose by at least a percentage against the same window a day or a week before. */
  SPIKE,
  /** The value is below a minimum or above a maximum. */
  THRESHOLD,
  /** No pv for a number of minutes: fires once when the silence reaches it. */
  NO_DATA;

  /** The name in requests and answers, e.g. {@code no_data}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the rule compares with the same window a day or a week before. */
  boolean compares() {
    return this == DROP || this == SPIKE;
  }

  /** The kind named {@code wire}, or null. */
  static AlertKind parse(String wire) {
    return Arrays.stream(values()).filter(k -> k.wire().equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(AlertKind::wire).toList();
  }
}
