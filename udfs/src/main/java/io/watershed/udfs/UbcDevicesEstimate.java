package io.watershed.udfs;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.Sketches;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code ubc_devices_estimate(sketch)}: the distinct-device estimate of a {@code ubc_devices}
 * sketch, rounded; null for null or for bytes that are not a Theta sketch of the default seed.
 */
public final class UbcDevicesEstimate extends ScalarFunction {
  public static final String NAME = "ubc_devices_estimate";

  public Long eval(@DataTypeHint("BYTES") byte[] sketch) {
    if (sketch == null) {
      return null;
    }
    try {
      return Math.round(Sketches.wrapSketch(Memory.wrap(sketch)).getEstimate());
    } catch (RuntimeException e) {
      // Not a Theta sketch of the default seed (DataSketches and Memory throw their own kinds).
      return null;
    }
  }
}
