package io.watershed.collector.intake.internal;

import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates a gzip body (RFC 1952, one or more members) into a bounded {@link BodyBuffer}, strictly:
 * a truncated member, a wrong CRC-32 or size in a trailer, or bytes after the last member that do
 * not start a new one are errors, not silently ignored. Inflation stops as soon as the output would
 * pass its limit whatever the trailer says, so a gzip bomb costs at most the limit, never its
 * inflated size. The deflate data is inflated straight into the output array: no buffer per request
 * besides the output.
 */
final class GzipBody {
  private static final int HEADER_BYTES = 10;
  private static final int TRAILER_BYTES = 8;
  private static final int FLAG_HEADER_CRC = 2;
  private static final int FLAG_EXTRA = 4;
  private static final int FLAG_NAME = 8;
  private static final int FLAG_COMMENT = 16;
  private static final int FLAG_RESERVED = 0xe0;

  private GzipBody() {}

  /**
   * Inflates {@code compressed} into {@code out}; returns {@code TOO_LARGE} when the inflated body
   * passes {@code out}'s limit, {@code NO_BUDGET} when the in-flight budget cannot hold it; throws
   * {@link ZipException} (its message says what is wrong, for the client) when the data is not
   * well-formed gzip.
   */
  static BodyBuffer.Status inflate(BodyBuffer compressed, BodyBuffer out) throws ZipException {
    byte[] data = compressed.array();
    int length = compressed.length();
    if (length == 0) {
      return BodyBuffer.Status.OK;
    }
    long declared = declaredSize(data, length);
    if (declared > 0 && declared <= out.limit()) {
      // an honest trailer saves the copies of growing; a lying one only costs this reservation
      BodyBuffer.Status status = out.reserve(declared);
      if (status != BodyBuffer.Status.OK) {
        return status;
      }
    }
    Inflater inflater = new Inflater(true);
    try {
      CRC32 crc = new CRC32();
      int position = 0;
      while (position < length) {
        position = skipHeader(data, position, length);
        inflater.reset();
        inflater.setInput(data, position, length - position);
        crc.reset();
        long start = out.length();
        BodyBuffer.Status status = inflateMember(inflater, crc, out);
        if (status != BodyBuffer.Status.OK) {
          return status;
        }
        position = length - inflater.getRemaining();
        checkTrailer(data, position, length, crc.getValue(), out.length() - start);
        position += TRAILER_BYTES;
        if (position < length && !startsMember(data, position, length)) {
          throw new ZipException(
              "%d byte(s) after the end of the gzip data that start no gzip member"
                  .formatted(length - position));
        }
      }
      return BodyBuffer.Status.OK;
    } finally {
      inflater.end();
    }
  }

  private static BodyBuffer.Status inflateMember(Inflater inflater, CRC32 crc, BodyBuffer out)
      throws ZipException {
    try {
      while (!inflater.finished()) {
        if (out.length() == out.limit()) {
          // full: more output means too large, none means the member ends here
          if (inflater.inflate(new byte[1]) > 0) {
            return BodyBuffer.Status.TOO_LARGE;
          }
          if (!inflater.finished()) {
            throw stalled(inflater);
          }
          break;
        }
        if (out.length() == out.capacity()) {
          BodyBuffer.Status status = out.ensureRoom(1);
          if (status != BodyBuffer.Status.OK) {
            return status;
          }
        }
        int inflated = inflater.inflate(out.array(), out.length(), out.capacity() - out.length());
        if (inflated == 0 && !inflater.finished()) {
          throw stalled(inflater);
        }
        crc.update(out.array(), out.length(), inflated);
        out.advance(inflated);
      }
      return BodyBuffer.Status.OK;
    } catch (DataFormatException e) {
      throw new ZipException("invalid deflate data (%s)".formatted(e.getMessage()));
    }
  }

  private static ZipException stalled(Inflater inflater) {
    if (inflater.needsDictionary()) {
      return new ZipException("the deflate data needs a preset dictionary, which gzip has not");
    }
    return truncated();
  }

  private static ZipException truncated() {
    return new ZipException("the data ends inside a gzip member (truncated)");
  }

  /** The position after the member header at {@code position}. */
  private static int skipHeader(byte[] data, int position, int length) throws ZipException {
    if (!startsMember(data, position, length)) {
      throw new ZipException("Not in GZIP format");
    }
    if (length - position < HEADER_BYTES) {
      throw truncated();
    }
    if (data[position + 2] != 8) {
      throw new ZipException(
          "unsupported compression method %d (only deflate, 8)".formatted(data[position + 2]));
    }
    int flags = data[position + 3] & 0xff;
    if ((flags & FLAG_RESERVED) != 0) {
      throw new ZipException("reserved gzip header flags set (0x%02x)".formatted(flags));
    }
    int start = position;
    position += HEADER_BYTES;
    if ((flags & FLAG_EXTRA) != 0) {
      if (length - position < 2) {
        throw truncated();
      }
      position += 2 + ((data[position] & 0xff) | (data[position + 1] & 0xff) << 8);
    }
    if ((flags & FLAG_NAME) != 0) {
      position = afterZero(data, position, length);
    }
    if ((flags & FLAG_COMMENT) != 0) {
      position = afterZero(data, position, length);
    }
    if ((flags & FLAG_HEADER_CRC) != 0) {
      if (length - position < 2) {
        throw truncated();
      }
      CRC32 crc = new CRC32();
      crc.update(data, start, position - start);
      int stated = (data[position] & 0xff) | (data[position + 1] & 0xff) << 8;
      if (stated != (int) (crc.getValue() & 0xffff)) {
        throw new ZipException("the gzip header's CRC-16 does not match the header");
      }
      position += 2;
    }
    if (position >= length) {
      throw truncated();
    }
    return position;
  }

  private static int afterZero(byte[] data, int position, int length) throws ZipException {
    for (int i = position; i < length; i++) {
      if (data[i] == 0) {
        return i + 1;
      }
    }
    throw truncated();
  }

  private static void checkTrailer(
      byte[] data, int position, int length, long crc, long inflatedBytes) throws ZipException {
    if (length - position < TRAILER_BYTES) {
      throw truncated();
    }
    if (littleEndianInt(data, position) != crc) {
      throw new ZipException("the gzip trailer's CRC-32 does not match the inflated data");
    }
    if (littleEndianInt(data, position + 4) != (inflatedBytes & 0xffffffffL)) {
      throw new ZipException("the gzip trailer's size does not match the inflated data");
    }
  }

  private static boolean startsMember(byte[] data, int position, int length) {
    return length - position >= 2
        && (data[position] & 0xff) == 0x1f
        && (data[position + 1] & 0xff) == 0x8b;
  }

  private static long littleEndianInt(byte[] data, int position) {
    return (data[position] & 0xffL)
        | (data[position + 1] & 0xffL) << 8
        | (data[position + 2] & 0xffL) << 16
        | (data[position + 3] & 0xffL) << 24;
  }

  /**
   * The inflated size of the last gzip member as its trailer states it (ISIZE: the size modulo
   * 2^32), or -1 when the data does not start like gzip. Only a hint for sizing the output: a body
   * that is truncated or has bytes after its gzip data has no trailer there, and a trailer may lie.
   */
  static long declaredSize(byte[] data, int length) {
    if (length < 18 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) {
      return -1;
    }
    return littleEndianInt(data, length - 4);
  }
}
