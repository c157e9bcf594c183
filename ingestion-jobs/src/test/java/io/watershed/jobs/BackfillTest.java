package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The range a backfill accepts and the script variables it becomes. */
class BackfillTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 7);

  @Test
  void aRangeOfPastDaysUpToTodayIsAccepted() {
    assertThat(Backfill.check(LocalDate.of(2026, 12, 1), TODAY, TODAY)).isEmpty();
    assertThat(Backfill.check(LocalDate.of(2026, 12, 5), LocalDate.of(2026, 12, 6), TODAY))
        .isEmpty();
  }

  @Test
  void anEmptyOrReversedRangeIsRefusedByName() {
    assertThat(Backfill.check(TODAY, TODAY, TODAY))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("2026-12-07 to 2026-12-07", "--to is exclusive", "after --from"));
    assertThat(Backfill.check(LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 2), TODAY))
        .isPresent();
  }

  @Test
  void todayStillStreamingIsRefused() {
    assertThat(Backfill.check(LocalDate.of(2026, 12, 1), TODAY.plusDays(1), TODAY))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains(
                        "up to 2026-12-08", "today (2026-12-07, UTC)", "2026-12-07 at the latest"));
  }

  @Test
  void theRangeBecomesUtcMidnightsInMilliseconds() {
    assertThat(Backfill.variables(LocalDate.of(2026, 12, 1), LocalDate.of(2026, 12, 3)))
        .containsEntry("backfill.from-ms", "1796083200000")
        .containsEntry("backfill.to-ms", "1796256000000");
  }
}
