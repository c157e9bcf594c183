package io.watershed.udfs;

import io.watershed.udfs.internal.DevicesAccumulator;
import io.watershed.udfs.internal.DevicesAccumulatorSerializer;
import io.watershed.udfs.internal.DevicesAggregate;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;

/**
 * {@code ubc_devices_union(sketch)}: the union of {@code ubc_devices} sketches, itself a sketch of
 * the same kind (lgK 12, default seed): the distinct devices of 1-minute rows rolled up into a
 * longer window, counted once however many rows saw them. Null sketches are skipped; bytes that are
 * not a Theta sketch of the default seed fail the job with the reason, as they would corrupt every
 * count they were merged into.
 */
@FunctionHint(
    input = @DataTypeHint("BYTES"),
    accumulator =
        @DataTypeHint(
            value = "RAW",
            bridgedTo = DevicesAccumulator.class,
            rawSerializer = DevicesAccumulatorSerializer.class),
    output = @DataTypeHint("BYTES"))
public final class UbcDevicesUnion extends DevicesAggregate {
  public static final String NAME = "ubc_devices_union";

  public void accumulate(DevicesAccumulator accumulator, byte[] sketch) {
    if (sketch == null) {
      return;
    }
    try {
      accumulator.addSketch(sketch);
    } catch (RuntimeException e) {
      // DataSketches and Memory throw their own kinds for bytes that are not a sketch of the seed.
      throw new IllegalArgumentException(
          "Cannot merge a devices sketch of " + sketch.length + " bytes: " + e.getMessage(), e);
    }
  }
}
