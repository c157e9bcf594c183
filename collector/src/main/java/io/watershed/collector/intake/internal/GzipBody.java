package io.watershed.collector.intake.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/**
 * Inflates a gzip body into a bounded {@link BodyBuffer}: a body whose gzip trailer states a size
 * past the limit is refused without inflating, and inflation stops as soon as the output would pass
 * its limit whatever the trailer says, so a gzip bomb costs at most the limit, never its inflated
 * size.
 */
final class GzipBody {
  private static final int STEP = 64 * 1024;

  private GzipBody() {}

  /**
   * Inflates {@code compressed} (one or more gzip members) into {@code out}; returns {@code
   * TOO_LARGE} when the inflated body passes {@code out}'s limit, {@code NO_BUDGET} when the
   * in-flight budget cannot hold it; throws IOException when the data is not gzip.
   */
  static BodyBuffer.Status inflate(BodyBuffer compressed, BodyBuffer out) throws IOException {
    if (compressed.length() == 0) {
      return BodyBuffer.Status.OK;
    }
    long declared = declaredSize(compressed.array(), compressed.length());
    if (declared > out.limit()) {
      return BodyBuffer.Status.TOO_LARGE;
    }
    if (declared > 0) {
      BodyBuffer.Status status = out.reserve(declared);
      if (status != BodyBuffer.Status.OK) {
        return status;
      }
    }
    try (GZIPInputStream in =
        new GZIPInputStream(
            new ByteArrayInputStream(compressed.array(), 0, compressed.length()), STEP)) {
      while (true) {
        if (out.length() == out.limit()) {
          return in.read() < 0 ? BodyBuffer.Status.OK : BodyBuffer.Status.TOO_LARGE;
        }
        if (out.length() == out.capacity()) {
          // full: grow only if more is coming
          int next = in.read();
          if (next < 0) {
            return BodyBuffer.Status.OK;
          }
          BodyBuffer.Status status = out.ensureRoom(1);
          if (status != BodyBuffer.Status.OK) {
            return status;
          }
          out.array()[out.length()] = (byte) next;
          out.advance(1);
          continue;
        }
        int read =
            in.read(out.array(), out.length(), Math.min(STEP, out.capacity() - out.length()));
        if (read < 0) {
          return BodyBuffer.Status.OK;
        }
        out.advance(read);
      }
    }
  }

  /**
   * The inflated size of the last gzip member as its trailer states it (ISIZE: the size modulo
   * 2^32), or -1 when the data does not start like gzip. When it passes the limit the body does too
   * (a member of 4 GiB or more passes any limit); when it is smaller it may lie, so inflation stays
   * capped either way.
   */
  static long declaredSize(byte[] data, int length) {
    if (length < 18 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) {
      return -1;
    }
    return (data[length - 4] & 0xffL)
        | (data[length - 3] & 0xffL) << 8
        | (data[length - 2] & 0xffL) << 16
        | (data[length - 1] & 0xffL) << 24;
  }
}
