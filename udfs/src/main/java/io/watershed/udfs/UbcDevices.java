package io.watershed.udfs;

import io.watershed.udfs.internal.DevicesAccumulator;
import io.watershed.udfs.internal.DevicesAccumulatorSerializer;
import io.watershed.udfs.internal.DevicesAggregate;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;

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
public final class UbcDevices extends DevicesAggregate {
  public static final String NAME = "ubc_devices";

  public void accumulate(DevicesAccumulator accumulator, String deviceId) {
    accumulator.add(deviceId);
  }
}
