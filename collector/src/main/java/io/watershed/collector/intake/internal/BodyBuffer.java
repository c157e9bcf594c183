package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A request body in one byte array, at most {@code limit} bytes, whose capacity is reserved from
 * the in-flight {@link ByteBudget} before it is allocated (when it grows, old and new array both,
 * until the copy is done). It grows as bytes arrive, never ahead of them by more than its size
 * (doubling) or 64 KiB: a declared Content-Length only caps the growth, so bytes that are declared
 * but not sent hold no budget. Not thread-safe: one request owns it at a time.
 */
final class BodyBuffer {
  private static final int INITIAL_CAPACITY = 64 * 1024;

  /** What happened to an append. */
  enum Status {
    OK,
    TOO_LARGE,
    NO_BUDGET
  }

  private final ByteBudget budget;
  private final int limit;
  private byte[] array = new byte[0];
  private int length;
  private long expected = -1;
  private boolean released;

  BodyBuffer(ByteBudget budget, int limit) {
    this.budget = requireNonNull(budget, "budget is null");
    this.limit = limit;
  }

  /**
   * Notes the size the body will have (a declared Content-Length): growth stops there rather than
   * at the next power of two. Reserves nothing; {@code TOO_LARGE} when it passes the limit.
   */
  Status expect(long size) {
    if (size > limit) {
      return Status.TOO_LARGE;
    }
    expected = size;
    return Status.OK;
  }

  /** Makes room for {@code capacity} bytes in all. */
  Status reserve(long capacity) {
    if (capacity > limit) {
      return Status.TOO_LARGE;
    }
    if (capacity <= array.length) {
      return Status.OK;
    }
    // while the bytes are copied both arrays are live: the budget holds both until then
    if (released || !budget.tryReserve(capacity)) {
      return Status.NO_BUDGET;
    }
    int old = array.length;
    array = Arrays.copyOf(array, (int) capacity);
    budget.release(old);
    return Status.OK;
  }

  Status append(ByteBuf content) {
    int count = content.readableBytes();
    Status status = ensureRoom(count);
    if (status == Status.OK) {
      content.getBytes(content.readerIndex(), array, length, count);
      length += count;
    }
    return status;
  }

  Status append(byte[] source, int offset, int count) {
    Status status = ensureRoom(count);
    if (status == Status.OK) {
      System.arraycopy(source, offset, array, length, count);
      length += count;
    }
    return status;
  }

  /** Room for {@code count} more bytes: the capacity grows by doubling, up to the limit. */
  Status ensureRoom(int count) {
    long needed = (long) length + count;
    if (needed > limit) {
      return Status.TOO_LARGE;
    }
    if (needed <= array.length) {
      return Status.OK;
    }
    long grown = Math.max(needed, Math.max(INITIAL_CAPACITY, 2L * array.length));
    if (expected >= needed) {
      grown = Math.min(grown, expected);
    }
    return reserve(Math.min(grown, limit));
  }

  /** The bytes; only the first {@link #length()} are the body. */
  byte[] array() {
    return array;
  }

  int length() {
    return length;
  }

  /** Marks {@code count} bytes written straight into {@link #array()} past the length. */
  void advance(int count) {
    if (count < 0 || length + count > array.length) {
      throw new IllegalArgumentException(
          "Cannot advance body by %d bytes: capacity %d, length %d"
              .formatted(count, array.length, length));
    }
    length += count;
  }

  int limit() {
    return limit;
  }

  /** The bytes allocated, and reserved from the budget. */
  int capacity() {
    return array.length;
  }

  /** Gives the capacity back to the budget and drops the bytes; idempotent. */
  void release() {
    if (!released) {
      released = true;
      budget.release(array.length);
      array = new byte[0];
      length = 0;
    }
  }
}
