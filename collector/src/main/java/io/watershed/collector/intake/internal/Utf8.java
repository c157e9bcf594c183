package io.watershed.collector.intake.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF, no stray
 * continuation bytes. A NUL byte is refused too: JSON text never holds one raw, and UTF-16 or
 * UTF-32 text of ASCII characters is otherwise well-formed UTF-8 (and a JSON parser would decode it
 * as UTF-16 or UTF-32). Eight ASCII bytes are checked at a time; nothing is allocated.
 */
final class Utf8 {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /**
   * The index of the first byte of {@code bytes[from, to)} that starts no well-formed UTF-8
   * character, or of the first NUL byte; -1 when there is none.
   */
  static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      if (to - i >= Long.BYTES) {
        long word = (long) LONGS.get(bytes, i);
        // every byte in 0x01..0x7f: no high bit, and no zero byte borrowing when 1 is subtracted
        if (((word | (word - ONES)) & HIGH_BITS) == 0) {
          i += Long.BYTES;
          continue;
        }
      }
      int lead = bytes[i] & 0xff;
      if (lead >= 0x01 && lead <= 0x7f) {
        i++;
        continue;
      }
      int size = sequenceSize(bytes, i, to, lead);
      if (size == 0) {
        return i;
      }
      i += size;
    }
    return -1;
  }

  /** The bytes of the multi-byte character starting at {@code i}, or 0 when it is malformed. */
  private static int sequenceSize(byte[] bytes, int i, int to, int lead) {
    if (lead < 0xc2 || lead > 0xf4) {
      return 0; // NUL, a continuation byte, an overlong 2-byte lead, or past U+10FFFF
    }
    int size = lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (to - i < size) {
      return 0;
    }
    int second = bytes[i + 1] & 0xff;
    int low = 0x80;
    int high = 0xbf;
    if (lead == 0xe0) {
      low = 0xa0; // overlong
    } else if (lead == 0xed) {
      high = 0x9f; // surrogates
    } else if (lead == 0xf0) {
      low = 0x90; // overlong
    } else if (lead == 0xf4) {
      high = 0x8f; // past U+10FFFF
    }
    if (second < low || second > high) {
      return 0;
    }
    for (int k = 2; k < size; k++) {
      if ((bytes[i + k] & 0xc0) != 0x80) {
        return 0;
      }
    }
    return size;
  }
}
