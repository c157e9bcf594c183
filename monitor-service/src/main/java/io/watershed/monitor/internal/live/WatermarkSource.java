package io.watershed.monitor.internal.live;

/** Where the live minutes learn the windows' watermark: the lake's {@code ops.progress}. */
@FunctionalInterface
public interface WatermarkSource {
  /**
   * The watermark of the UBC windows in epoch milliseconds (windows ending at or before it are
   * final), or null before the first; throws when it cannot be read now.
   */
  Long windowsWatermark();
}
