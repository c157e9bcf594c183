package io.watershed.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WatermarkKeeperTest {
  @Test
  void aFreshStartSendsTheSourceWatermarksAsTheyRise() {
    WatermarkKeeper keeper = new WatermarkKeeper();
    assertThat(keeper.beforeRecord()).isEmpty();
    assertThat(keeper.onWatermark(100)).hasValue(100);
    assertThat(keeper.onWatermark(90)).isEmpty();
    assertThat(keeper.onWatermark(100)).isEmpty();
    assertThat(keeper.onWatermark(150)).hasValue(150);
    assertThat(keeper.toKeep()).isEqualTo(150);
  }

  @Test
  void afterARestoreTheKeptWatermarkGoesOutBeforeTheFirstRecord() {
    WatermarkKeeper keeper = new WatermarkKeeper();
    keeper.restore(List.of(5_000L));
    assertThat(keeper.beforeRecord()).hasValue(5_000);
    assertThat(keeper.beforeRecord()).isEmpty();
    // The source starts again from nothing: its lower watermarks are not sent.
    assertThat(keeper.onWatermark(1_000)).isEmpty();
    assertThat(keeper.onWatermark(5_001)).hasValue(5_001);
  }

  @Test
  void afterARestoreTheKeptWatermarkGoesOutBeforeTheFirstSourceWatermark() {
    WatermarkKeeper keeper = new WatermarkKeeper();
    keeper.restore(List.of(5_000L));
    assertThat(keeper.onWatermark(1_000)).hasValue(5_000);
    assertThat(keeper.beforeRecord()).isEmpty();
  }

  @Test
  void aCheckpointBeforeAnythingArrivedKeepsTheRestoredWatermark() {
    WatermarkKeeper keeper = new WatermarkKeeper();
    keeper.restore(List.of(5_000L));
    assertThat(keeper.toKeep()).isEqualTo(5_000);
  }

  @Test
  void aRestoreAfterAChangeOfParallelismTakesTheLowestOfAllSubtasks() {
    WatermarkKeeper keeper = new WatermarkKeeper();
    keeper.restore(List.of(7_000L, 5_000L, 9_000L));
    assertThat(keeper.beforeRecord()).hasValue(5_000);
  }

  @Test
  void aRestoreOfNothingIsAFreshStart() {
    WatermarkKeeper keeper = new WatermarkKeeper();
    keeper.restore(List.of());
    assertThat(keeper.beforeRecord()).isEmpty();
    keeper.restore(List.of(Long.MIN_VALUE));
    assertThat(keeper.beforeRecord()).isEmpty();
    assertThat(keeper.onWatermark(10)).hasValue(10);
  }
}
