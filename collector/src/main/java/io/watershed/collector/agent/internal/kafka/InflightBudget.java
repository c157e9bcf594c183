package io.watershed.collector.agent.internal.kafka;

/**
 * Line bytes sent and not yet acknowledged; the reader waits while it is full. Changed by the
 * reading thread only ({@link RecordSender}); {@link #used()} may be read by any thread.
 */
public final class InflightBudget {
  private final long limit;
  private volatile long used;

  public InflightBudget(long limit) {
    this.limit = limit;
  }

  /** Whether {@code bytes} fit now (a piece larger than the limit fits an empty budget). */
  boolean fits(long bytes) {
    long now = used;
    return now == 0 || now + bytes <= limit;
  }

  void add(long bytes) {
    used = used + bytes;
  }

  void release(long bytes) {
    used = used - bytes;
  }

  public long used() {
    return used;
  }
}
