package io.watershed.monitor.internal.query;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The spacing of a series' points, and the window table it is read from: minutes from {@code
 * metrics_1m}, five minutes from {@code metrics_5m}, hours rolled up from {@code metrics_5m}.
 */
public enum Step {
  ONE_MINUTE("1m", Duration.ofMinutes(1), WindowTable.METRICS_1M),
  FIVE_MINUTES("5m", Duration.ofMinutes(5), WindowTable.METRICS_5M),
  ONE_HOUR("1h", Duration.ofHours(1), WindowTable.METRICS_5M);

  private final String wire;
  private final Duration length;
  private final WindowTable table;

  Step(String wire, Duration length, WindowTable table) {
    this.wire = wire;
    this.length = length;
    this.table = table;
  }

  public String wire() {
    return wire;
  }

  public long millis() {
    return length.toMillis();
  }

  WindowTable table() {
    return table;
  }

  /** Whether a point sums several windows of its table (hours of five-minute windows). */
  boolean rollsUp() {
    return !length.equals(table.window());
  }

  /** The start of the point holding {@code window_start}, in epoch milliseconds. */
  String bucket() {
    String start = rollsUp() ? "date_trunc('hour', window_start)" : "window_start";
    return "CAST(to_unixtime(" + start + ") * 1000 AS bigint)";
  }

  /** The step named {@code wire}, or null. */
  static Step parse(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(Step::wire).toList();
  }
}
