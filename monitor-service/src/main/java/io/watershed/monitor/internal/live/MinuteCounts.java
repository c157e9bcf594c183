package io.watershed.monitor.internal.live;

import org.apache.datasketches.common.ResizeFactor;
import org.apache.datasketches.theta.UpdateSketch;

/**
 * What the live minutes hold per (UBC ID, minute, log type, d1..d6): page views, the duration sum
 * and how many records carried a duration, and the distinct devices as a Theta sketch with the
 * UDFs' parameters (lgK 12, the default seed: what {@code ubc_devices} builds), so a union of them
 * counts as the lake's sketches do. The sketch starts at 32 entries and doubles as it fills, up to
 * 8192 (64 KB) from 4096 devices on; a key with a few devices takes about 0.7 KB in all (measured).
 * Not thread-safe: {@link LiveMinutes} guards it.
 */
final class MinuteCounts {
  /** The UDFs' Theta sketch size: {@code DevicesAccumulator.LG_K} in udfs. */
  static final int NOMINAL_ENTRIES = 1 << 12;

  private long pv;
  private long durationSum;
  private long durations;
  private UpdateSketch devices;

  void add(LiveRecord record) {
    pv++;
    if (record.duration() != null) {
      durationSum += record.duration();
      durations++;
    }
    String device = record.device();
    // as ubc_devices: null and empty device ids are skipped
    if (device != null && !device.isEmpty()) {
      if (devices == null) {
        devices =
            UpdateSketch.builder()
                .setNominalEntries(NOMINAL_ENTRIES)
                .setResizeFactor(ResizeFactor.X2)
                .build();
      }
      devices.update(device);
    }
  }

  long pv() {
    return pv;
  }

  long durationSum() {
    return durationSum;
  }

  long durations() {
    return durations;
  }

  /** The devices seen, or null when none had an id. */
  UpdateSketch devices() {
    return devices;
  }
}
