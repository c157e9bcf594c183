package io.watershed.jobs.source;

import java.util.OptionalLong;

/**
 * What {@link KeptWatermarkOperator} decides, without Flink: which watermarks go downstream and
 * which one a checkpoint keeps. After a restore the kept watermark goes out before anything else
 * (the first record or the first watermark from the source), and from then on only a watermark
 * above the last one sent goes out, so that downstream operators never see time go back.
 */
final class WatermarkKeeper {
  private long sent = Long.MIN_VALUE;
  private long restored = Long.MIN_VALUE;

  /**
   * Takes the watermarks every subtask kept at the checkpoint (a union list: each subtask sees all
   * of them) and keeps their lowest, as Flink's window operators do with their own: after a change
   * of parallelism no subtask claims more progress than the slowest had made.
   */
  void restore(Iterable<Long> kept) {
    long lowest = Long.MAX_VALUE;
    for (long watermark : kept) {
      lowest = Math.min(lowest, watermark);
    }
    restored = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
  }

  /** The watermark to send before a record: the restored one, once. */
  OptionalLong beforeRecord() {
    return advance(restored);
  }

  /** The watermarks to send for one from the source: the restored one first, if still owed. */
  OptionalLong onWatermark(long watermark) {
    return advance(Math.max(restored, watermark));
  }

  /** The watermark a checkpoint keeps: what was sent, or the restored one not yet sent. */
  long toKeep() {
    return Math.max(sent, restored);
  }

  private OptionalLong advance(long watermark) {
    if (watermark <= sent) {
      return OptionalLong.empty();
    }
    sent = watermark;
    return OptionalLong.of(watermark);
  }
}
