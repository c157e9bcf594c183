package io.watershed.collector.intake.internal;

import io.watershed.collector.internal.CollectorErrorCode;
import java.util.EnumMap;
import java.util.Map;

/**
 * At most one log line per error code and interval, so that an outage or an overload logs its start
 * and then a line every interval with how many were not logged, not one line per request.
 */
final class LogLimiter {
  private final long intervalNanos;
  private final Map<CollectorErrorCode, long[]> state = new EnumMap<>(CollectorErrorCode.class);

  LogLimiter(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** How many were held back since the last line if this one may be logged now, else -1. */
  synchronized long permit(CollectorErrorCode code, long nowNanos) {
    long[] entry = state.computeIfAbsent(code, ignored -> new long[] {Long.MIN_VALUE, 0});
    if (entry[0] != Long.MIN_VALUE && nowNanos - entry[0] < intervalNanos) {
      entry[1]++;
      return -1;
    }
    long held = entry[1];
    entry[0] = nowNanos;
    entry[1] = 0;
    return held;
  }
}
