package io.watershed.collector.agent.internal;

import java.util.function.BooleanSupplier;

/** Line bytes sent and not yet acknowledged; the reader waits while it is full. */
final class InflightBudget {
  private final long limit;
  private long used;
  private int waiting;

  InflightBudget(long limit) {
    this.limit = limit;
  }

  /**
   * Waits until {@code bytes} fit (a piece larger than the limit waits for an empty budget); throws
   * {@link InterruptedException} when {@code running} turns false while waiting.
   */
  synchronized void acquire(long bytes, BooleanSupplier running) throws InterruptedException {
    while (used > 0 && used + bytes > limit) {
      if (!running.getAsBoolean()) {
        throw new InterruptedException("agent stopping");
      }
      waiting++;
      try {
        wait(100);
      } finally {
        waiting--;
      }
    }
    used += bytes;
  }

  synchronized void release(long bytes) {
    used -= bytes;
    if (waiting > 0) {
      notifyAll();
    }
  }

  synchronized long used() {
    return used;
  }
}
