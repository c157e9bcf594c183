package io.watershed.trino.sketches;

import static io.trino.spi.type.VarbinaryType.VARBINARY;

import io.airlift.slice.Slices;
import io.trino.spi.block.Block;
import io.trino.spi.block.BlockBuilder;
import io.trino.spi.function.AccumulatorStateSerializer;
import io.trino.spi.type.Type;
import org.apache.datasketches.theta.CompactThetaSketch;

/** Union states travel between workers as compact sketch bytes, null when there is none. */
public final class UnionStateSerializer implements AccumulatorStateSerializer<UnionState> {
  @Override
  public Type getSerializedType() {
    return VARBINARY;
  }

  @Override
  public void serialize(UnionState state, BlockBuilder out) {
    write(state, out);
  }

  @Override
  public void deserialize(Block block, int index, UnionState state) {
    state.reset();
    if (!block.isNull(index)) {
      state.add(ThetaSketches.wrap(VARBINARY.getSlice(block, index)));
    }
  }

  static void write(UnionState state, BlockBuilder out) {
    CompactThetaSketch sketch = state.result();
    if (sketch == null) {
      out.appendNull();
    } else {
      VARBINARY.writeSlice(out, Slices.wrappedBuffer(sketch.toByteArray()));
    }
  }
}
