package io.watershed.udfs;

import io.watershed.udfs.internal.DevicesAccumulator;
import io.watershed.udfs.internal.DevicesAccumulatorSerializer;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code ubc_devices(device_id)}: the distinct devices of a group as an Apache DataSketches Theta
 * compact ordered sketch (lgK 12, default update seed 9001, serial version 3), the bytes Trino's
 * {@code theta_sketch_union} and {@code theta_sketch_cardinality} read. Null and empty device ids
 * are skipped; a group without devices gives the empty sketch (estimate 0), never null.
 *
 * <p>Has {@code merge}, so the planner can aggregate in two phases (local-global) and merge session
 * windows; has no {@code retract}: use it on append-only input.
 */
@FunctionHint(
    input = @DataTypeHint("STRING"),
    accumulator =
        @DataTypeHint(
            value = "RAW",
            bridgedTo = DevicesAccumulator.class,
            rawSerializer = DevicesAccumulatorSerializer.class),
    output = @DataTypeHint("BYTES"))
public final class UbcDevices extends AggregateFunction<byte[], DevicesAccumulator> {
  public static final String NAME = "ubc_devices";

  @Override
  public DevicesAccumulator createAccumulator() {
    return new DevicesAccumulator();
  }

  public void accumulate(DevicesAccumulator accumulator, String deviceId) {
    accumulator.add(deviceId);
  }

  public void merge(DevicesAccumulator accumulator, Iterable<DevicesAccumulator> others) {
    for (DevicesAccumulator other : others) {
      accumulator.merge(other);
    }
  }

  public void resetAccumulator(DevicesAccumulator accumulator) {
    accumulator.reset();
  }

  @Override
  public byte[] getValue(DevicesAccumulator accumulator) {
    return accumulator.toByteArray();
  }
}
