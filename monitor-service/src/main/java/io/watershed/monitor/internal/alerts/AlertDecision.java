package io.watershed.monitor.internal.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The decision of an alert rule on final windows' numbers, apart from where the numbers come from:
 * drop and spike compare the window with the same window a day or a week before (relative change in
 * percent, only from a baseline of at least {@code minBaseline}); threshold compares with a fixed
 * minimum and maximum; no_data fires once when the minutes without pv reach {@code minutes}, and
 * again only after pv came back. A window without rows counts 0.
 */
final class AlertDecision {
  private AlertDecision() {}

  /**
   * What came of evaluating windows.
   *
   * @param findings the windows that fire, in order
   * @param silent no_data: whether the silence held at the last window (false for other kinds)
   */
  record Outcome(List<Finding> findings, boolean silent) {
    Outcome {
      findings = List.copyOf(findings);
    }
  }

  /**
   * Evaluates the windows starting at {@code from}, {@code from + step}, ... ({@code windows} of
   * them).
   *
   * @param values the rule's metric by window start; for no_data the pv by window start from {@code
   *     minutes} before the first window's end on
   * @param baseline drop and spike: the compared windows' values, by the start of the window each
   *     is compared with; empty for the other kinds
   * @param silent no_data: whether the silence held at the window before {@code from}
   */
  static Outcome evaluate(
      AlertRule rule,
      long from,
      int windows,
      Map<Long, Long> values,
      Map<Long, Long> baseline,
      boolean silent) {
    long step = rule.stepMillis();
    List<Finding> findings = new ArrayList<>();
    boolean wasSilent = silent;
    for (int i = 0; i < windows; i++) {
      long start = from + i * step;
      if (rule.kind() == AlertKind.NO_DATA) {
        long pv = pvBefore(values, start + step, rule.minutes(), step);
        boolean silentNow = pv == 0;
        if (silentNow && !wasSilent) {
          findings.add(
              new Finding(
                  start,
                  start + step,
                  0,
                  null,
                  null,
                  "no pv in the %d minutes up to %s"
                      .formatted(rule.minutes(), Instant.ofEpochMilli(start + step))));
        }
        wasSilent = silentNow;
      } else {
        Finding finding =
            window(rule, start, values.getOrDefault(start, 0L), baseline.getOrDefault(start, 0L));
        if (finding != null) {
          findings.add(finding);
        }
      }
    }
    return new Outcome(findings, rule.kind() == AlertKind.NO_DATA && wasSilent);
  }

  /**
   * The finding of one window under a drop, spike or threshold rule, or null when it does not fire.
   *
   * @param baseline the compared window's value (drop and spike; 0 when it counted nothing)
   */
  static Finding window(AlertRule rule, long start, long value, long baseline) {
    long end = start + rule.stepMillis();
    String metric = rule.metric().wire();
    switch (rule.kind()) {
      case DROP, SPIKE -> {
        if (baseline < rule.minBaseline() || baseline <= 0) {
          return null;
        }
        double change = (value - baseline) * 100.0 / baseline;
        boolean drop = rule.kind() == AlertKind.DROP;
        boolean fires = drop ? change <= -rule.percent() : change >= rule.percent();
        if (!fires) {
          return null;
        }
        return new Finding(
            start,
            end,
            value,
            baseline,
            change,
            "%s %d is %s %% %s the %s before (%d); the rule fires at %s %% or more from a baseline"
                    .formatted(
                        metric,
                        value,
                        percent(Math.abs(change)),
                        drop ? "below" : "above",
                        rule.compareTo().wire(),
                        baseline,
                        percent(rule.percent()))
                + " of at least %d".formatted(rule.minBaseline()));
      }
      case THRESHOLD -> {
        if (rule.min() != null && value < rule.min()) {
          return new Finding(
              start,
              end,
              value,
              null,
              null,
              "%s %d is below the minimum %d".formatted(metric, value, rule.min()));
        }
        if (rule.max() != null && value > rule.max()) {
          return new Finding(
              start,
              end,
              value,
              null,
              null,
              "%s %d is above the maximum %d".formatted(metric, value, rule.max()));
        }
        return null;
      }
      case NO_DATA ->
          throw new IllegalArgumentException(
              "Cannot decide one window of a no_data rule: it needs the minutes before");
      default -> throw new IllegalStateException("Cannot decide kind " + rule.kind());
    }
  }

  /** The pv of the {@code minutes} before {@code end}, window by window. */
  private static long pvBefore(Map<Long, Long> values, long end, int minutes, long step) {
    long sum = 0;
    for (long start = end - minutes * 60_000L; start < end; start += step) {
      sum += values.getOrDefault(start, 0L);
    }
    return sum;
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
