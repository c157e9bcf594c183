package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.watershed.udfs.internal.DevicesAccumulator;
import io.watershed.udfs.internal.DevicesAccumulatorSerializer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.CompactSketch;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketch;
import org.apache.datasketches.theta.Sketches;
import org.apache.datasketches.theta.Union;
import org.apache.datasketches.thetacommon.ThetaUtil;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class UbcDevicesTest {
  private final UbcDevices function = new UbcDevices();
  private final UbcDevicesEstimate estimate = new UbcDevicesEstimate();

  private DevicesAccumulator devices(int from, int to) {
    DevicesAccumulator accumulator = function.createAccumulator();
    for (int i = from; i < to; i++) {
      function.accumulate(accumulator, "dev-" + i);
      function.accumulate(accumulator, "dev-" + i);
    }
    return accumulator;
  }

  @Test
  void countsDistinctDevicesExactlyBelowK() {
    DevicesAccumulator accumulator = devices(0, 1000);
    function.accumulate(accumulator, null);
    function.accumulate(accumulator, "");
    assertThat(estimate.eval(function.getValue(accumulator))).isEqualTo(1000L);
  }

  @Test
  void estimatesLargeCountsWithinTheThetaErrorBound() {
    // lgK 12: relative standard error ~1/sqrt(4096) = 1.6 %; 5 % is three of them.
    assertThat(estimate.eval(function.getValue(devices(0, 100_000))).doubleValue())
        .isCloseTo(100_000, within(5_000.0));
  }

  @Test
  void mergeIsTheUnionOfOverlappingGroups() {
    DevicesAccumulator merged = devices(0, 3000);
    function.merge(merged, List.of(devices(2000, 5000), devices(4000, 6000)));
    assertThat(estimate.eval(function.getValue(merged)).doubleValue())
        .isCloseTo(6000, within(300.0));
    DevicesAccumulator empty = function.createAccumulator();
    function.merge(empty, List.of());
    assertThat(estimate.eval(function.getValue(empty))).isZero();
  }

  @Test
  void theBytesAreACompactOrderedThetaSketchOfTheDefaultSeed() {
    byte[] bytes = function.getValue(devices(0, 50_000));
    Sketch sketch = Sketches.wrapSketch(Memory.wrap(bytes), ThetaUtil.DEFAULT_UPDATE_SEED);
    assertThat(ThetaUtil.DEFAULT_UPDATE_SEED).isEqualTo(9001L);
    assertThat(sketch).isInstanceOf(CompactSketch.class);
    assertThat(sketch.isCompact()).isTrue();
    assertThat(sketch.isOrdered()).isTrue();
    // Preamble: byte 1 serial version, bytes 6-7 the seed hash Trino checks.
    assertThat(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getShort(6))
        .isEqualTo(ThetaUtil.computeSeedHash(ThetaUtil.DEFAULT_UPDATE_SEED));
    assertThat(bytes[1]).as("serial version").isEqualTo((byte) 3);
    assertThat(sketch.getRetainedEntries(true)).isLessThanOrEqualTo(4096 * 2);
    // What Trino's theta_sketch_union does: a union of default nominal entries and seed.
    Union union = SetOperation.builder().buildUnion();
    union.union(sketch);
    union.union(Sketches.wrapSketch(Memory.wrap(function.getValue(devices(40_000, 60_000)))));
    assertThat(union.getResult().getEstimate()).isCloseTo(60_000, within(3_000.0));
  }

  @Test
  void theAccumulatorSurvivesACheckpointAndRestore() throws Exception {
    DevicesAccumulator accumulator = devices(0, 20_000);
    TypeSerializer<DevicesAccumulator> serializer = DevicesAccumulatorSerializer.INSTANCE;

    // Checkpoint: the serializer's snapshot and the state bytes.
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    serializer.serialize(accumulator, out);

    // Restore: the serializer from its snapshot, then the state.
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    TypeSerializerSnapshot<DevicesAccumulator> snapshot =
        TypeSerializerSnapshot.readVersionedSnapshot(in, getClass().getClassLoader());
    TypeSerializer<DevicesAccumulator> restoredSerializer = snapshot.restoreSerializer();
    assertThat(
            snapshot
                .resolveSchemaCompatibility(serializer.snapshotConfiguration())
                .isCompatibleAsIs())
        .isTrue();
    DevicesAccumulator restored = restoredSerializer.deserialize(in);
    assertThat(in.available()).isZero();

    assertThat(function.getValue(restored)).isEqualTo(function.getValue(accumulator));
    // The restored accumulator goes on counting like the original.
    for (int i = 0; i < 20_000; i++) {
      function.accumulate(restored, "dev-" + i);
    }
    assertThat(estimate.eval(function.getValue(restored)))
        .isEqualTo(estimate.eval(function.getValue(accumulator)));
    for (int i = 20_000; i < 30_000; i++) {
      function.accumulate(restored, "dev-" + i);
    }
    assertThat(estimate.eval(function.getValue(restored)).doubleValue())
        .isCloseTo(30_000, within(1_500.0));

    DevicesAccumulator copy = serializer.copy(accumulator);
    function.accumulate(copy, "another-device");
    assertThat(estimate.eval(function.getValue(accumulator)))
        .isLessThan(estimate.eval(function.getValue(copy)) + 1);
    DataOutputSerializer copied = new DataOutputSerializer(1 << 16);
    DataOutputSerializer original = new DataOutputSerializer(64);
    serializer.serialize(accumulator, original);
    serializer.copy(new DataInputDeserializer(original.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(original.getCopyOfBuffer());
  }

  @Test
  void theEstimateIsNullForNullAndForBytesThatAreNoSketch() {
    assertThat(estimate.eval(null)).isNull();
    assertThat(estimate.eval(new byte[] {1, 2, 3})).isNull();
    assertThat(estimate.eval(new byte[64])).isNull();
  }

  @Test
  void resetEmptiesTheAccumulator() {
    DevicesAccumulator accumulator = devices(0, 10);
    function.resetAccumulator(accumulator);
    assertThat(estimate.eval(function.getValue(accumulator))).isZero();
  }
}
