package io.watershed.trino.sketches;

import static io.trino.spi.StandardErrorCode.INVALID_FUNCTION_ARGUMENT;
import static io.trino.spi.type.VarbinaryType.VARBINARY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.slice.Slice;
import io.airlift.slice.Slices;
import io.trino.spi.TrinoException;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.GroupedAccumulatorState;
import java.util.HexFormat;
import org.apache.datasketches.theta.CompactThetaSketch;
import org.apache.datasketches.theta.UpdatableThetaSketch;
import org.junit.jupiter.api.Test;

/** The functions' static methods and states, as Trino calls them, without a server. */
class ThetaSketchFunctionsTest {
  /**
   * device-0 .. device-9 as the Flink UDF's DataSketches 6.2.0 union serializes them (Java 17
   * build; this module runs 9.0.0): the format and the string hashing must agree across versions.
   */
  private static final String FLINK_SKETCH_OF_TEN_DEVICES =
      "02030300001acc930a0000000000803f06ab095b971c59202d2dddb14dd65a28635095d7d99cce2f958bf4718bf3"
          + "25468debebe800e9175179c133c2470ee55c1ba77314dd1543673d931d0b85f89370c05622c166a0847618d1"
          + "b45143e4347f";

  private final UnionStateFactory factory = new UnionStateFactory();

  /** A compact sketch as the Flink jobs write it: seed 9001, lgK 12, device ids as strings. */
  static byte[] devices(int from, int to) {
    UpdatableThetaSketch sketch = UpdatableThetaSketch.builder().setNominalEntries(4096).build();
    for (int device = from; device < to; device++) {
      sketch.update("device-" + device);
    }
    return sketch.compact().toByteArray();
  }

  @Test
  void cardinalityIsExactBelowNominalEntries() {
    assertThat(ThetaSketchCardinality.cardinality(Slices.wrappedBuffer(devices(0, 1000))))
        .isEqualTo(1000.0);
    assertThat(ThetaSketchCardinality.cardinality(Slices.wrappedBuffer(devices(0, 0))))
        .isEqualTo(0.0);
    assertThat(ThetaSketchCardinality.cardinality(Slices.EMPTY_SLICE)).isEqualTo(0.0);
  }

  @Test
  void sketchesOfTheFlinkJobsDataSketchesVersionMergeWithOurs() {
    Slice flink = Slices.wrappedBuffer(HexFormat.of().parseHex(FLINK_SKETCH_OF_TEN_DEVICES));
    assertThat(ThetaSketchCardinality.cardinality(flink)).isEqualTo(10.0);

    UnionState state = factory.createSingleState();
    ThetaSketchUnion.input(state, flink);
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(5, 15)));
    assertThat(ThetaSketchCardinality.cardinality(output(state))).isEqualTo(15.0);
  }

  @Test
  void cardinalityReadsASliceInsideALargerArray() {
    byte[] sketch = devices(0, 10);
    byte[] padded = new byte[sketch.length + 5];
    System.arraycopy(sketch, 0, padded, 3, sketch.length);
    assertThat(ThetaSketchCardinality.cardinality(Slices.wrappedBuffer(padded, 3, sketch.length)))
        .isEqualTo(10.0);
  }

  @Test
  void unionOfOverlappingSketchesIsExactBelowNominalEntries() {
    UnionState state = factory.createSingleState();
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(0, 1000)));
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(500, 1500)));
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(1400, 2000)));

    assertThat(ThetaSketchCardinality.cardinality(output(state))).isEqualTo(2000.0);
    assertThat(state.getEstimatedSize()).isPositive();
  }

  @Test
  void unionInEstimationModeStaysWithinItsErrorBounds() {
    UnionState state = factory.createSingleState();
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(0, 60_000)));
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(30_000, 90_000)));

    CompactThetaSketch union = CompactThetaSketch.wrap(output(state).getBytes());
    assertThat(union.isEstimationMode()).isTrue();
    assertThat(union.getLowerBound(3)).isLessThanOrEqualTo(90_000);
    assertThat(union.getUpperBound(3)).isGreaterThanOrEqualTo(90_000);
    assertThat(ThetaSketchCardinality.cardinality(Slices.wrappedBuffer(union.toByteArray())))
        .isEqualTo(union.getEstimate());
  }

  @Test
  void noInputGivesNullAndEmptyBytesGiveAnEmptySketch() {
    UnionState none = factory.createSingleState();
    assertThat(output(none)).isNull();

    UnionState empty = factory.createSingleState();
    ThetaSketchUnion.input(empty, Slices.EMPTY_SLICE);
    Slice sketch = output(empty);
    assertThat(sketch).isNotNull();
    assertThat(ThetaSketchCardinality.cardinality(sketch)).isEqualTo(0.0);
  }

  @Test
  void groupedStatesKeepOneUnionPerGroupAndCombine() {
    UnionState grouped = factory.createGroupedState();
    GroupedAccumulatorState groups = (GroupedAccumulatorState) grouped;
    groups.ensureCapacity(3);
    groups.setGroupId(0);
    ThetaSketchUnion.input(grouped, Slices.wrappedBuffer(devices(0, 100)));
    groups.setGroupId(2);
    ThetaSketchUnion.input(grouped, Slices.wrappedBuffer(devices(0, 300)));

    UnionState partial = factory.createSingleState();
    ThetaSketchUnion.input(partial, Slices.wrappedBuffer(devices(50, 150)));
    groups.setGroupId(0);
    ThetaSketchUnion.combine(grouped, partial);

    assertThat(ThetaSketchCardinality.cardinality(output(grouped))).isEqualTo(150.0);
    groups.setGroupId(1);
    assertThat(output(grouped)).isNull();
    groups.setGroupId(2);
    assertThat(ThetaSketchCardinality.cardinality(output(grouped))).isEqualTo(300.0);
  }

  @Test
  void serializedStateRoundTrips() {
    UnionStateSerializer serializer = new UnionStateSerializer();
    UnionState state = factory.createSingleState();
    ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(0, 700)));
    BlockBuilder out = serializer.getSerializedType().createBlockBuilder(null, 2);
    serializer.serialize(state, out);
    serializer.serialize(factory.createSingleState(), out);
    Block block = out.build();

    UnionState copy = factory.createSingleState();
    serializer.deserialize(block, 0, copy);
    assertThat(ThetaSketchCardinality.cardinality(output(copy))).isEqualTo(700.0);
    UnionState nothing = factory.createSingleState();
    serializer.deserialize(block, 1, nothing);
    assertThat(output(nothing)).isNull();
  }

  @Test
  void deserializingReplacesTheState() {
    // Trino deserializes every row of a grouped final aggregation into one scratch state.
    UnionStateSerializer serializer = new UnionStateSerializer();
    BlockBuilder out = serializer.getSerializedType().createBlockBuilder(null, 3);
    for (int devices : new int[] {100, 40}) {
      UnionState state = factory.createSingleState();
      ThetaSketchUnion.input(state, Slices.wrappedBuffer(devices(1000, 1000 + devices)));
      serializer.serialize(state, out);
    }
    serializer.serialize(factory.createSingleState(), out);
    Block block = out.build();

    UnionState scratch = factory.createSingleState();
    serializer.deserialize(block, 0, scratch);
    assertThat(ThetaSketchCardinality.cardinality(output(scratch))).isEqualTo(100.0);
    long sizeOfOne = scratch.getEstimatedSize();
    serializer.deserialize(block, 1, scratch);
    assertThat(ThetaSketchCardinality.cardinality(output(scratch))).isEqualTo(40.0);
    serializer.deserialize(block, 2, scratch);
    assertThat(output(scratch)).isNull();
    assertThat(scratch.getEstimatedSize()).isLessThan(sizeOfOne);
  }

  @Test
  void invalidBytesAreAnInvalidArgumentNamingTheProblem() {
    Slice garbage = Slices.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    assertThatThrownBy(() -> ThetaSketchCardinality.cardinality(garbage))
        .isInstanceOfSatisfying(
            TrinoException.class,
            e -> assertThat(e.getErrorCode()).isEqualTo(INVALID_FUNCTION_ARGUMENT.toErrorCode()))
        .hasMessageStartingWith("Cannot read theta sketch of 10 bytes (X'0102030405060708090a')");
    assertThatThrownBy(() -> ThetaSketchUnion.input(factory.createSingleState(), garbage))
        .isInstanceOf(TrinoException.class)
        .hasMessageStartingWith("Cannot read theta sketch");
  }

  @Test
  void sketchesOfAnotherSeedAreRejected() {
    UpdatableThetaSketch sketch = UpdatableThetaSketch.builder().setSeed(42).build();
    sketch.update("device-1");
    Slice bytes = Slices.wrappedBuffer(sketch.compact().toByteArray());
    assertThatThrownBy(() -> ThetaSketchCardinality.cardinality(bytes))
        .isInstanceOf(TrinoException.class)
        .hasMessageContaining("Cannot read theta sketch")
        .hasMessageContaining("Seed");
  }

  private static Slice output(UnionState state) {
    BlockBuilder out = VARBINARY.createBlockBuilder(null, 1);
    ThetaSketchUnion.output(state, out);
    Block block = out.build();
    return block.isNull(0) ? null : VARBINARY.getSlice(block, 0);
  }
}
