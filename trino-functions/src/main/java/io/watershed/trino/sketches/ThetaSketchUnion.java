package io.watershed.trino.sketches;

import io.airlift.slice.Slice;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.AggregationFunction;
import io.trino.spi.function.AggregationState;
import io.trino.spi.function.CombineFunction;
import io.trino.spi.function.Description;
import io.trino.spi.function.InputFunction;
import io.trino.spi.function.OutputFunction;
import io.trino.spi.function.SqlType;
import io.trino.spi.type.StandardTypes;

/**
 * {@code theta_sketch_union(sketch) -> varbinary}: the union of serialized Theta sketches, as a
 * compact ordered sketch (serial version 3), as upstream Trino's aggregate of the same name. Null
 * sketches are ignored; null when there is no non-null input; zero bytes count as an empty sketch.
 */
@AggregationFunction("theta_sketch_union")
@Description("Returns the union of serialized Theta sketches as a serialized compact sketch")
public final class ThetaSketchUnion {
  private ThetaSketchUnion() {}

  @InputFunction
  public static void input(
      @AggregationState UnionState state, @SqlType(StandardTypes.VARBINARY) Slice sketch) {
    if (sketch.length() == 0) {
      state.startIfEmpty();
      return;
    }
    state.add(ThetaSketches.wrap(sketch));
  }

  @CombineFunction
  public static void combine(
      @AggregationState UnionState state, @AggregationState UnionState other) {
    state.addAll(other);
  }

  @OutputFunction(StandardTypes.VARBINARY)
  public static void output(@AggregationState UnionState state, BlockBuilder out) {
    UnionStateSerializer.write(state, out);
  }
}
