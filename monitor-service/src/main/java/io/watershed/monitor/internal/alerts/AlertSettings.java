package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the alerts are evaluated and delivered.
 *
 * @param interval the time between two evaluations of every rule
 * @param settle how long a watermark is held before windows are evaluated up to it, so that every
 *     table committed with it is visible
 * @param deliveryTimeout the longest one webhook attempt may take, connecting included
 * @param deliveryAttempts webhook attempts per firing at most
 * @param deliveryBackoff the wait after the first failed attempt, doubled after each failure
 */
public record AlertSettings(
    Duration interval,
    Duration settle,
    Duration deliveryTimeout,
    int deliveryAttempts,
    Duration deliveryBackoff) {
  /** The longest wait between two attempts, however many failed. */
  public static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  public AlertSettings {
    requireNonNull(interval, "interval is null");
    requireNonNull(settle, "settle is null");
    requireNonNull(deliveryTimeout, "deliveryTimeout is null");
    requireNonNull(deliveryBackoff, "deliveryBackoff is null");
  }

  /** The wait after {@code failed} failed attempts (1 or more): doubling, capped. */
  public Duration backoff(int failed) {
    long millis = deliveryBackoff.toMillis();
    for (int i = 1; i < failed && millis < MAX_BACKOFF.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
  }
}
