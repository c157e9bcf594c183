package io.watershed.monitor.internal.rules;

import java.util.Arrays;
import java.util.Locale;

/** The two kinds of UBC log: events count page views, flows also sum a duration. */
enum LogType {
  EVENT,
  FLOW;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type named {@code wire}, or null. */
  static LogType parse(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst().orElse(null);
  }
}
