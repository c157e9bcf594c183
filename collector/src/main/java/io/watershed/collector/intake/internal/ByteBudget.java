package io.watershed.collector.intake.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes all requests not yet answered may hold together: each request reserves what it
 * allocates for its body before allocating it, and gives it back once answered.
 */
final class ByteBudget {
  private final long limit;
  private final AtomicLong used = new AtomicLong();

  ByteBudget(long limit) {
    this.limit = limit;
  }

  /** Reserves {@code bytes} if they fit under the limit; returns whether they did. */
  boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("Cannot reserve %d bytes: negative".formatted(bytes));
    }
    while (true) {
      long current = used.get();
      if (current + bytes > limit) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    long after = used.addAndGet(-bytes);
    if (after < 0) {
      throw new IllegalStateException(
          "Cannot release %d bytes: more than reserved (%d left)".formatted(bytes, after + bytes));
    }
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
