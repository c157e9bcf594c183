package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

/**
 * One window whose numbers met its rule's condition: what the firing records and tells.
 *
 * @param windowStart the window's start, epoch ms
 * @param windowEnd the window's end, epoch ms
 * @param value the rule's metric in the window (no_data: pv over the silent minutes, 0)
 * @param baseline drop and spike: the value of the compared window; else null
 * @param changePercent drop and spike: the change against the baseline in percent; else null
 * @param condition one sentence: what held
 */
public record Finding(
    long windowStart,
    long windowEnd,
    long value,
    Long baseline,
    Double changePercent,
    String condition) {
  public Finding {
    requireNonNull(condition, "condition is null");
  }
}
