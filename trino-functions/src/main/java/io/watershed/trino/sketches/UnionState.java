package io.watershed.trino.sketches;

import io.trino.spi.function.AccumulatorState;
import io.trino.spi.function.AccumulatorStateMetadata;
import org.apache.datasketches.theta.CompactThetaSketch;
import org.apache.datasketches.theta.ThetaSketch;

/** The state of {@code theta_sketch_union}: a DataSketches union, absent until the first input. */
@AccumulatorStateMetadata(
    stateFactoryClass = UnionStateFactory.class,
    stateSerializerClass = UnionStateSerializer.class)
public interface UnionState extends AccumulatorState {
  /** Starts the union, so the output is an empty sketch rather than null. */
  void startIfEmpty();

  void add(ThetaSketch sketch);

  /** Drops the union: Trino reuses one state to deserialize many rows into. */
  void reset();

  /** Adds the union of another state, if it has one. */
  void addAll(UnionState other);

  /** The union so far, or null if nothing was added. */
  CompactThetaSketch result();
}
