package io.watershed.monitor.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.monitor.internal.query.Comparison;
import io.watershed.monitor.internal.query.Step;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The decision of each kind of rule on given numbers. */
class AlertDecisionTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_773_136_800_000L; // 2026-03-10T10:00:00Z

  @Test
  void dropFiresAtTheRelativeChangeFromABaselineLargeEnough() {
    AlertRule rule = drop(50, 100, Comparison.DAY);
    // 50 % below a baseline of 200: fires, exactly at the limit
    Finding finding = AlertDecision.window(rule, T0, 100, 200);
    assertThat(finding).isNotNull();
    assertThat(finding.windowStart()).isEqualTo(T0);
    assertThat(finding.windowEnd()).isEqualTo(T0 + MINUTE);
    assertThat(finding.value()).isEqualTo(100);
    assertThat(finding.baseline()).isEqualTo(200);
    assertThat(finding.changePercent()).isEqualTo(-50.0);
    assertThat(finding.condition())
        .isEqualTo(
            "pv 100 is 50.0 % below the day before (200); the rule fires at 50.0 % or more from a"
                + " baseline of at least 100");
    // 49.5 % below: does not
    assertThat(AlertDecision.window(rule, T0, 101, 200)).isNull();
    // a rise never is a drop
    assertThat(AlertDecision.window(rule, T0, 900, 200)).isNull();
    // a window that counted nothing is a 100 % drop
    assertThat(AlertDecision.window(rule, T0, 0, 150).changePercent()).isEqualTo(-100.0);
    // a baseline below minBaseline never fires, whatever the change
    assertThat(AlertDecision.window(rule, T0, 0, 99)).isNull();
    assertThat(AlertDecision.window(rule, T0, 0, 0)).isNull();
  }

  @Test
  void spikeFiresAtTheRiseAgainstTheWeekBefore() {
    AlertRule rule = rule(AlertKind.SPIKE, Comparison.WEEK, 200.0, 10L, null, null, null);
    Finding finding = AlertDecision.window(rule, T0, 30, 10);
    assertThat(finding).isNotNull();
    assertThat(finding.changePercent()).isEqualTo(200.0);
    assertThat(finding.condition()).startsWith("pv 30 is 200.0 % above the week before (10)");
    assertThat(AlertDecision.window(rule, T0, 29, 10)).isNull();
    assertThat(AlertDecision.window(rule, T0, 0, 10)).isNull();
    // from a baseline of 9 (< 10), even a 10-fold rise stays quiet
    assertThat(AlertDecision.window(rule, T0, 90, 9)).isNull();
  }

  @Test
  void thresholdFiresBelowTheMinimumOrAboveTheMaximum() {
    AlertRule both = rule(AlertKind.THRESHOLD, null, null, null, 10L, 20L, null);
    assertThat(AlertDecision.window(both, T0, 9, 0).condition())
        .isEqualTo("pv 9 is below the minimum 10");
    assertThat(AlertDecision.window(both, T0, 10, 0)).isNull();
    assertThat(AlertDecision.window(both, T0, 20, 0)).isNull();
    assertThat(AlertDecision.window(both, T0, 21, 0).condition())
        .isEqualTo("pv 21 is above the maximum 20");
    AlertRule maxOnly = rule(AlertKind.THRESHOLD, null, null, null, null, 20L, null);
    assertThat(AlertDecision.window(maxOnly, T0, 0, 0)).isNull();
    assertThat(AlertDecision.window(maxOnly, T0, 21, 0).baseline()).isNull();
  }

  @Test
  void evaluatesEachWindowOfARangeAndCountsEmptyOnesAsZero() {
    AlertRule rule = drop(50, 100, Comparison.DAY);
    Map<Long, Long> values = new HashMap<>();
    Map<Long, Long> baseline = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      values.put(T0 + i * MINUTE, 1000L);
      baseline.put(T0 + i * MINUTE, 1000L);
    }
    values.put(T0 + 2 * MINUTE, 400L); // the forced drop
    values.remove(T0 + 4 * MINUTE); // no rows: 0, also a drop
    baseline.remove(T0 + 5 * MINUTE); // no baseline: quiet
    values.remove(T0 + 5 * MINUTE);
    AlertDecision.Outcome outcome = AlertDecision.evaluate(rule, T0, 6, values, baseline, false);
    assertThat(outcome.findings().stream().map(Finding::windowStart).toList())
        .containsExactly(T0 + 2 * MINUTE, T0 + 4 * MINUTE);
    assertThat(outcome.findings().get(0).value()).isEqualTo(400);
    assertThat(outcome.findings().get(0).changePercent()).isEqualTo(-60.0);
    assertThat(outcome.silent()).isFalse();
  }

  @Test
  void noDataFiresOnceWhenTheSilenceReachesItsMinutes() {
    AlertRule rule = rule(AlertKind.NO_DATA, null, null, null, null, null, 3);
    // pv from 2 minutes before T0 on: the first window's 3 minutes are T0-2m..T0+1m
    Map<Long, Long> pv = new HashMap<>();
    pv.put(T0 - 2 * MINUTE, 5L);
    pv.put(T0, 7L);
    pv.put(T0 + 4 * MINUTE, 1L); // pv comes back in window 4
    // windows 0..9: silent minutes 1, 2, 3 -> window 3 ends 3 silent minutes; 4 has pv;
    // 5..7 silent -> window 7 fires again; 8, 9 stay silent without firing
    AlertDecision.Outcome outcome = AlertDecision.evaluate(rule, T0, 10, pv, Map.of(), false);
    assertThat(outcome.findings().stream().map(Finding::windowStart).toList())
        .containsExactly(T0 + 3 * MINUTE, T0 + 7 * MINUTE);
    Finding first = outcome.findings().get(0);
    assertThat(first.value()).isZero();
    assertThat(first.baseline()).isNull();
    assertThat(first.condition()).isEqualTo("no pv in the 3 minutes up to 2026-03-10T10:04:00Z");
    assertThat(outcome.silent()).isTrue();

    // the next run goes on silent: no new firing until pv came back
    AlertDecision.Outcome next =
        AlertDecision.evaluate(rule, T0 + 10 * MINUTE, 5, Map.of(), Map.of(), true);
    assertThat(next.findings()).isEmpty();
    assertThat(next.silent()).isTrue();
    // a run that starts silent but was not (the rule is new): fires at its first window
    AlertDecision.Outcome fresh =
        AlertDecision.evaluate(rule, T0 + 10 * MINUTE, 2, Map.of(), Map.of(), false);
    assertThat(fresh.findings()).hasSize(1);
    assertThat(fresh.findings().get(0).windowStart()).isEqualTo(T0 + 10 * MINUTE);
  }

  @Test
  void noDataOnFiveMinuteWindows() {
    AlertRule rule =
        new AlertRule(
            "quiet",
            "ubc_1",
            null,
            null,
            AlertKind.NO_DATA,
            AlertMetric.PV,
            Step.FIVE_MINUTES,
            null,
            null,
            null,
            null,
            null,
            10,
            "http://h/x",
            true,
            T0);
    long five = 5 * MINUTE;
    Map<Long, Long> pv = Map.of(T0 - five, 3L);
    // window 0 (T0..T0+5m) still sees pv in T0-5m; window 1 sees 10 silent minutes
    AlertDecision.Outcome outcome = AlertDecision.evaluate(rule, T0, 3, pv, Map.of(), false);
    assertThat(outcome.findings().stream().map(Finding::windowStart).toList())
        .isEqualTo(List.of(T0 + five));
  }

  private static AlertRule drop(double percent, long minBaseline, Comparison compareTo) {
    return rule(AlertKind.DROP, compareTo, percent, minBaseline, null, null, null);
  }

  private static AlertRule rule(
      AlertKind kind,
      Comparison compareTo,
      Double percent,
      Long minBaseline,
      Long min,
      Long max,
      Integer minutes) {
    return new AlertRule(
        "r",
        "ubc_1",
        null,
        null,
        kind,
        AlertMetric.PV,
        Step.ONE_MINUTE,
        compareTo,
        percent,
        minBaseline,
        min,
        max,
        minutes,
        "http://h/x",
        true,
        T0);
  }
}
