package io.watershed.udfs.internal;

import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Sketches;
import org.apache.datasketches.theta.Union;

/**
 * The accumulator of {@code ubc_devices}: a Theta union (lgK {@value #LG_K}, default seed), which
 * takes device ids and other accumulators alike. Stored as its compact ordered sketch bytes.
 */
public final class DevicesAccumulator {
  public static final int LG_K = 12;

  private Union union = newUnion();

  public void add(String deviceId) {
    if (deviceId != null && !deviceId.isEmpty()) {
      union.update(deviceId);
    }
  }

  /** Adds the devices of a compact sketch (as from {@link #toByteArray}). */
  public void addSketch(byte[] sketch) {
    union.union(Sketches.wrapSketch(Memory.wrap(sketch)));
  }

  public void merge(DevicesAccumulator other) {
    union.union(other.union.getResult());
  }

  public void reset() {
    union = newUnion();
  }

  /** The distinct devices so far as a compact ordered Theta sketch (serial version 3). */
  public byte[] toByteArray() {
    return union.getResult().toByteArray();
  }

  public double estimate() {
    return union.getResult().getEstimate();
  }

  /** An accumulator holding the sketch {@code bytes} (as from {@link #toByteArray}). */
  public static DevicesAccumulator of(byte[] bytes) {
    DevicesAccumulator accumulator = new DevicesAccumulator();
    accumulator.addSketch(bytes);
    return accumulator;
  }

  private static Union newUnion() {
    return SetOperation.builder().setNominalEntries(1 << LG_K).buildUnion();
  }
}
