package io.watershed.collector.intake.internal;

import java.util.Arrays;

/** Where each record lies in a body: offsets and lengths, in body order. */
final class Records {
  private int[] offsets = new int[16];
  private int[] lengths = new int[16];
  private int count;

  void add(int offset, int length) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
      lengths = Arrays.copyOf(lengths, count * 2);
    }
    offsets[count] = offset;
    lengths[count] = length;
    count++;
  }

  int count() {
    return count;
  }

  int offset(int index) {
    return offsets[index];
  }

  int length(int index) {
    return lengths[index];
  }

  /** A copy of one record's bytes. */
  byte[] copy(byte[] body, int index) {
    return Arrays.copyOfRange(body, offsets[index], offsets[index] + lengths[index]);
  }
}
