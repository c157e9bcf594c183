package io.watershed.udfs.internal;

import org.apache.flink.table.functions.AggregateFunction;

/**
 * What {@code ubc_devices} and {@code ubc_devices_union} share: a {@link DevicesAccumulator} that
 * merges and resets, and the compact sketch bytes as the value. Each function declares its own
 * input and the RAW accumulator type.
 */
public abstract class DevicesAggregate extends AggregateFunction<byte[], DevicesAccumulator> {
  @Override
  public DevicesAccumulator createAccumulator() {
    return new DevicesAccumulator();
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
