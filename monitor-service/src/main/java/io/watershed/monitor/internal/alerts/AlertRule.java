package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.query.Comparison;
import io.watershed.monitor.internal.query.DimensionSlot;
import io.watershed.monitor.internal.query.Step;

/**
 * An alert rule as defined through the API. The fields of the other kinds are null.
 *
 * @param name what people call it
 * @param ubc the UBC ID whose windows it watches
 * @param filterSlot the dimension it is limited to, or null for the whole UBC ID
 * @param filterValue the value of {@code filterSlot} it is limited to, or null
 * @param kind what it watches for
 * @param metric what it counts (no_data: always pv)
 * @param step the windows it evaluates: 1 or 5 minutes
 * @param compareTo drop and spike: the window a day or a week before
 * @param percent drop and spike: the relative change, in percent, that fires
 * @param minBaseline drop and spike: the smallest baseline that can fire (tiny numbers jump)
 * @param min threshold: fires below it, or null
 * @param max threshold: fires above it, or null
 * @param minutes no_data: the minutes without pv that fire
 * @param webhook the http(s) URL the firings are posted to
 * @param enabled whether it is evaluated
 * @param startAt the start of the first window to evaluate, epoch ms, a multiple of the step; null
 *     in an update that keeps it
 */
public record AlertRule(
    String name,
    String ubc,
    DimensionSlot filterSlot,
    String filterValue,
    AlertKind kind,
    AlertMetric metric,
    Step step,
    Comparison compareTo,
    Double percent,
    Long minBaseline,
    Long min,
    Long max,
    Integer minutes,
    String webhook,
    boolean enabled,
    Long startAt) {

  public AlertRule {
    requireNonNull(name, "name is null");
    requireNonNull(ubc, "ubc is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(metric, "metric is null");
    requireNonNull(step, "step is null");
    requireNonNull(webhook, "webhook is null");
    if ((filterSlot == null) != (filterValue == null)) {
      throw new IllegalArgumentException(
          "Cannot define an alert rule filter: slot and value go together");
    }
  }

  /** This rule starting at {@code start} (epoch ms). */
  public AlertRule startingAt(long start) {
    return new AlertRule(
        name,
        ubc,
        filterSlot,
        filterValue,
        kind,
        metric,
        step,
        compareTo,
        percent,
        minBaseline,
        min,
        max,
        minutes,
        webhook,
        enabled,
        start);
  }

  /** The window length in epoch milliseconds. */
  public long stepMillis() {
    return step.millis();
  }

  /** {@code time} aligned down to a window start. */
  public long alignDown(long time) {
    return time - Math.floorMod(time, step.millis());
  }

  /** {@code time} aligned up to a window start. */
  public long alignUp(long time) {
    return time + Math.floorMod(-time, step.millis());
  }
}
