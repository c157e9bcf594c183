package io.watershed.monitor.internal.query;

import java.time.Duration;

/** The lake's window tables (written by the ubc_windows job), by their window length. */
enum WindowTable {
  METRICS_1M("lake.ubc.metrics_1m", Duration.ofMinutes(1)),
  METRICS_5M("lake.ubc.metrics_5m", Duration.ofMinutes(5));

  private final String qualifiedName;
  private final Duration window;

  WindowTable(String qualifiedName, Duration window) {
    this.qualifiedName = qualifiedName;
    this.window = window;
  }

  /** catalog.schema.table, as the SQL names it. */
  String qualifiedName() {
    return qualifiedName;
  }

  Duration window() {
    return window;
  }
}
