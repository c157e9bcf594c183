package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.udfs.internal.DevicesAccumulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.datasketches.theta.UpdateSketch;
import org.junit.jupiter.api.Test;

class UbcDevicesUnionTest {
  private final UbcDevices devices = new UbcDevices();
  private final UbcDevicesUnion union = new UbcDevicesUnion();
  private final UbcDevicesEstimate estimate = new UbcDevicesEstimate();

  private byte[] sketch(int from, int to) {
    DevicesAccumulator accumulator = devices.createAccumulator();
    for (int i = from; i < to; i++) {
      devices.accumulate(accumulator, "dev-" + i);
    }
    return devices.getValue(accumulator);
  }

  @Test
  void theUnionOfMinuteSketchesCountsEachDeviceOnce() {
    DevicesAccumulator accumulator = union.createAccumulator();
    union.accumulate(accumulator, sketch(0, 800));
    union.accumulate(accumulator, sketch(500, 1500));
    union.accumulate(accumulator, null);
    union.accumulate(accumulator, sketch(1400, 2000));
    assertThat(estimate.eval(union.getValue(accumulator))).isEqualTo(2000L);
  }

  @Test
  void theUnionIsTheSameKindOfSketchAndMergesLikeOne() {
    DevicesAccumulator first = union.createAccumulator();
    union.accumulate(first, sketch(0, 1000));
    DevicesAccumulator second = union.createAccumulator();
    union.accumulate(second, union.getValue(first));
    union.accumulate(second, sketch(900, 1200));
    DevicesAccumulator merged = union.createAccumulator();
    union.merge(merged, List.of(first, second));
    assertThat(estimate.eval(union.getValue(merged))).isEqualTo(1200L);
    assertThat(union.getValue(union.createAccumulator())).isEqualTo(sketch(0, 0));
  }

  @Test
  void bytesThatAreNotASketchOfTheSeedFailWithTheirSize() {
    DevicesAccumulator accumulator = union.createAccumulator();
    byte[] text = "not a sketch at all".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> union.accumulate(accumulator, text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot merge a devices sketch of 19 bytes: ");
    UpdateSketch otherSeed = UpdateSketch.builder().setSeed(42).build();
    otherSeed.update("dev-1");
    byte[] foreign = otherSeed.compact().toByteArray();
    assertThatThrownBy(() -> union.accumulate(accumulator, foreign))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot merge a devices sketch of " + foreign.length + " bytes: ");
  }
}
