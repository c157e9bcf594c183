package io.watershed.collector.agent.internal.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * One Kafka record batch (format v2, the only one brokers of 4.x accept) for one partition, built
 * by the agent itself: the reading thread appends records into one byte array, with each header
 * written as prepared bytes, and {@link #seal} compresses them in one call on the producer's
 * thread. {@code MemoryRecordsBuilder}, Kafka's own, writes each varint a byte at a time through a
 * {@code DataOutputStream} into the compressor; on the agent's 200-byte lines that was most of its
 * CPU.
 *
 * <p>The layout, from the Kafka protocol's "Record Batch": baseOffset int64, batchLength int32,
 * partitionLeaderEpoch int32, magic int8 (2), crc uint32 (CRC-32C of everything after it),
 * attributes int16 (compression in bits 0-2), lastOffsetDelta int32, baseTimestamp int64,
 * maxTimestamp int64, producerId int64, producerEpoch int16, baseSequence int32, records count
 * int32, then the records, compressed as one stream. A record: length varint, attributes int8,
 * timestampDelta varlong, offsetDelta varint, key length varint (-1: none), value length varint,
 * value, header count varint, then per header key length varint, key, value length varint, value.
 * Varints are zigzag-encoded.
 */
final class RecordBatch {
  static final int HEADER_BYTES = 61;
  private static final int LENGTH_OFFSET = 8;
  private static final int MAGIC_OFFSET = 16;
  private static final int CRC_OFFSET = 17;
  private static final int ATTRIBUTES_OFFSET = 21;
  private static final int LAST_OFFSET_DELTA_OFFSET = 23;
  private static final int BASE_TIMESTAMP_OFFSET = 27;
  private static final int MAX_TIMESTAMP_OFFSET = 35;
  private static final int PRODUCER_ID_OFFSET = 43;
  private static final int PRODUCER_EPOCH_OFFSET = 51;
  private static final int BASE_SEQUENCE_OFFSET = 53;
  private static final int RECORDS_COUNT_OFFSET = 57;

  /** Header count, key (none) and attributes of a record: fixed bytes around its varints. */
  private static final byte NO_KEY = 1;

  final PartitionState partition;
  final long createdNanos;
  private final int limit;
  private byte[] records;
  private int length;
  private int count;
  private long baseTimestamp = -1;
  private long maxTimestamp = -1;

  /** Runs of consecutive records of one file queue, for the completions. */
  private PartitionQueue[] runQueues = new PartitionQueue[4];

  private int[] runCounts = new int[4];
  private int runs;

  /** The sealed batch (after {@link #seal}), header and compressed records. */
  private ByteBuffer sealed;

  private int uncompressedBytes;

  /** Sequence of the first record, -1 before the producer's thread assigned one. */
  int baseSequence = -1;

  /** The producer id generation the sequence belongs to. */
  int generation = -1;

  /** Times sent. */
  int attempts;

  RecordBatch(PartitionState partition, int capacity, int limit, long nowNanos) {
    this.partition = partition;
    this.limit = limit;
    this.records = new byte[Math.max(capacity, 256)];
    this.createdNanos = nowNanos;
  }

  int count() {
    return count;
  }

  int uncompressedBytes() {
    return uncompressedBytes;
  }

  /** Whether a record of about {@code bytes} fits; the first record always does. */
  boolean fits(int bytes) {
    return count == 0 || length + bytes <= limit;
  }

  /**
   * Appends a record: the value {@code value[from, from + valueLength)} and headers: {@code
   * headers} are whole prepared headers followed by the key part of the one header whose value is
   * {@code offset} in decimal, then {@code readTsHeader} and {@code skippedHeader} (or null).
   */
  void append(
      long timestamp,
      byte[] value,
      int from,
      int valueLength,
      byte[] headers,
      long offset,
      byte[] readTsHeader,
      byte[] skippedHeader,
      int headerCount,
      PartitionQueue queue) {
    if (baseTimestamp < 0) {
      baseTimestamp = timestamp;
    }
    if (timestamp > maxTimestamp) {
      maxTimestamp = timestamp;
    }
    int digits = digits(offset);
    long timestampDelta = timestamp - baseTimestamp;
    int headerBytes =
        headers.length
            + 1
            + digits
            + readTsHeader.length
            + (skippedHeader == null ? 0 : skippedHeader.length);
    int body =
        1
            + varlongSize(timestampDelta)
            + varintSize(count)
            + 1
            + varintSize(valueLength)
            + valueLength
            + varintSize(headerCount)
            + headerBytes;
    int needed = varintSize(body) + body;
    if (length + needed > records.length) {
      records = Arrays.copyOf(records, Math.max(records.length * 2, length + needed));
    }
    byte[] out = records;
    int at = writeVarint(out, length, body);
    out[at++] = 0;
    at = writeVarlong(out, at, timestampDelta);
    at = writeVarint(out, at, count);
    out[at++] = NO_KEY;
    at = writeVarint(out, at, valueLength);
    System.arraycopy(value, from, out, at, valueLength);
    at += valueLength;
    at = writeVarint(out, at, headerCount);
    System.arraycopy(headers, 0, out, at, headers.length);
    at += headers.length;
    out[at++] = (byte) (digits << 1);
    long rest = offset;
    for (int i = at + digits - 1; i >= at; i--) {
      long next = rest / 10;
      out[i] = (byte) ('0' + (rest - next * 10));
      rest = next;
    }
    at += digits;
    System.arraycopy(readTsHeader, 0, out, at, readTsHeader.length);
    at += readTsHeader.length;
    if (skippedHeader != null) {
      System.arraycopy(skippedHeader, 0, out, at, skippedHeader.length);
      at += skippedHeader.length;
    }
    length = at;
    count++;
    if (runs > 0 && runQueues[runs - 1] == queue) {
      runCounts[runs - 1]++;
    } else {
      if (runs == runQueues.length) {
        runQueues = Arrays.copyOf(runQueues, runs * 2);
        runCounts = Arrays.copyOf(runCounts, runs * 2);
      }
      runQueues[runs] = queue;
      runCounts[runs] = 1;
      runs++;
    }
  }

  /**
   * Compresses the records behind the batch header (the producer's thread); the records' array is
   * let go. Returns the compressed size over the uncompressed one.
   */
  double seal(Compression compression) {
    uncompressedBytes = length;
    ByteBufferOutputStream output =
        new ByteBufferOutputStream(HEADER_BYTES + Math.max(1024, length / 2 + 1024));
    output.position(HEADER_BYTES);
    try (OutputStream stream = compression.wrapForOutput(output, (byte) 2)) {
      stream.write(records, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot compress a record batch", e);
    }
    records = null;
    ByteBuffer buffer = output.buffer();
    buffer.flip();
    buffer.putLong(0, 0L);
    buffer.putInt(LENGTH_OFFSET, buffer.limit() - LENGTH_OFFSET - 4);
    buffer.putInt(12, -1);
    buffer.put(MAGIC_OFFSET, (byte) 2);
    buffer.putShort(ATTRIBUTES_OFFSET, (short) compression.type().id);
    buffer.putInt(LAST_OFFSET_DELTA_OFFSET, count - 1);
    buffer.putLong(BASE_TIMESTAMP_OFFSET, baseTimestamp);
    buffer.putLong(MAX_TIMESTAMP_OFFSET, maxTimestamp);
    buffer.putInt(RECORDS_COUNT_OFFSET, count);
    sealed = buffer;
    return (double) (buffer.limit() - HEADER_BYTES) / Math.max(1, length);
  }

  /** Sets the producer id, epoch and sequence, and the CRC over them and the records. */
  void stamp(long producerId, short producerEpoch, int sequence) {
    ByteBuffer buffer = sealed;
    buffer.putLong(PRODUCER_ID_OFFSET, producerId);
    buffer.putShort(PRODUCER_EPOCH_OFFSET, producerEpoch);
    buffer.putInt(BASE_SEQUENCE_OFFSET, sequence);
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate().position(ATTRIBUTES_OFFSET));
    buffer.putInt(CRC_OFFSET, (int) crc.getValue());
    baseSequence = sequence;
  }

  /** The sealed, stamped batch, for a produce request (a view: position 0, the whole batch). */
  ByteBuffer bytes() {
    return sealed.duplicate();
  }

  int sealedBytes() {
    return sealed == null ? 0 : sealed.limit();
  }

  /** Tells each run's queue that its records completed, acknowledged or with {@code error}. */
  void complete(Exception error) {
    for (int i = 0; i < runs; i++) {
      runQueues[i].completed(runCounts[i], error);
    }
    sealed = null;
  }

  /** Header bytes: key length, key, value length, value. */
  static byte[] header(String key, byte[] value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] out =
        new byte
            [varintSize(keyBytes.length)
                + keyBytes.length
                + varintSize(value.length)
                + value.length];
    int at = writeVarint(out, 0, keyBytes.length);
    System.arraycopy(keyBytes, 0, out, at, keyBytes.length);
    at += keyBytes.length;
    at = writeVarint(out, at, value.length);
    System.arraycopy(value, 0, out, at, value.length);
    return out;
  }

  /** The key part of a header: key length and key. */
  static byte[] headerKey(String key) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[varintSize(keyBytes.length) + keyBytes.length];
    int at = writeVarint(out, 0, keyBytes.length);
    System.arraycopy(keyBytes, 0, out, at, keyBytes.length);
    return out;
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  /** Decimal digits of a non-negative number (at most 19, fits one varint byte). */
  static int digits(long value) {
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    return digits;
  }

  static int varintSize(int value) {
    int zigzag = (value << 1) ^ (value >> 31);
    int bytes = 1;
    while ((zigzag & 0xffffff80) != 0) {
      bytes++;
      zigzag >>>= 7;
    }
    return bytes;
  }

  static int varlongSize(long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    int bytes = 1;
    while ((zigzag & 0xffffffffffffff80L) != 0) {
      bytes++;
      zigzag >>>= 7;
    }
    return bytes;
  }

  static int writeVarint(byte[] out, int at, int value) {
    int zigzag = (value << 1) ^ (value >> 31);
    while ((zigzag & 0xffffff80) != 0) {
      out[at++] = (byte) ((zigzag & 0x7f) | 0x80);
      zigzag >>>= 7;
    }
    out[at++] = (byte) zigzag;
    return at;
  }

  static int writeVarlong(byte[] out, int at, long value) {
    long zigzag = (value << 1) ^ (value >> 63);
    while ((zigzag & 0xffffffffffffff80L) != 0) {
      out[at++] = (byte) ((zigzag & 0x7f) | 0x80);
      zigzag >>>= 7;
    }
    out[at++] = (byte) zigzag;
    return at;
  }
}
