package io.watershed.collector.agent.internal.discovery;

import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.agent.internal.kafka.FileAcks;
import io.watershed.collector.agent.internal.kafka.FileHeaders;
import io.watershed.collector.agent.internal.processing.LineSink;
import io.watershed.collector.agent.internal.processing.MultilineJoiner;
import io.watershed.collector.agent.internal.processing.SourceFile;
import io.watershed.collector.agent.internal.processing.SourcePipeline;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/** One file being read: where reading is, the line being assembled, what Kafka acknowledged. */
public final class TrackedFile implements SourceFile {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  final String fileId;
  private final FileHeaders headers;

  /** {@link SourcePipeline#hash} of the file id: the sampling decisions depend on it. */
  final long fileHash;

  final FileKey key;
  final FileChannel channel;
  volatile SourceConfig source;
  volatile Path path;
  Fingerprint fingerprint;

  /** Next byte to read. */
  long position;

  /** Offset of the first byte of the line being assembled. */
  long lineStart;

  private byte[] line = new byte[256];
  private int lineLength;
  volatile FileAcks acks;
  volatile long size;
  boolean matched = true;
  long unchangedSinceNanos = -1;

  /** The processing of the file's source (the reading thread's). */
  SourcePipeline pipeline;

  /** The record being joined, for a multiline source. */
  final MultilineJoiner joiner = new MultilineJoiner();

  /** Complete lines the last {@link #read} consumed. */
  long linesInLastRead;

  private Path headerPath;
  private org.apache.kafka.common.header.internals.RecordHeader pathHeader;

  TrackedFile(
      String fileId,
      FileKey key,
      FileChannel channel,
      SourceConfig source,
      Path path,
      Fingerprint fingerprint,
      long start) {
    this.fileId = fileId;
    this.headers = new FileHeaders(fileId);
    this.fileHash = SourcePipeline.hash(fileId);
    this.key = key;
    this.channel = channel;
    this.source = source;
    this.path = path;
    this.fingerprint = fingerprint;
    this.position = start;
    this.lineStart = start;
    this.acks = new FileAcks(this, start);
  }

  /** Reads up to {@code limit} bytes; returns how many were read. */
  long read(ByteBuffer buffer, int maxLineBytes, long limit, LineSink sink)
      throws IOException, InterruptedException {
    return read(buffer, maxLineBytes, limit, Long.MAX_VALUE, sink);
  }

  /**
   * Reads up to {@code limit} bytes and {@code lineLimit} complete lines (it stops after that many
   * newlines); returns how many bytes were consumed. {@link #linesInLastRead} tells the lines.
   */
  long read(ByteBuffer buffer, int maxLineBytes, long limit, long lineLimit, LineSink sink)
      throws IOException, InterruptedException {
    long total = 0;
    long lines = 0;
    linesInLastRead = 0;
    if (lineLimit <= 0) {
      return 0;
    }
    while (total < limit) {
      buffer.clear();
      int read = channel.read(buffer, position);
      if (read <= 0) {
        break;
      }
      byte[] bytes = buffer.array();
      int segmentStart = 0;
      while (true) {
        int i = indexOfNewline(bytes, segmentStart, read);
        if (i < 0) {
          break;
        }
        long end = position + i + 1;
        int length = i - segmentStart;
        if (lineLength == 0 && length <= maxLineBytes) {
          // the whole line is in the buffer: handed on from there, not copied
          sink.line(this, lineStart, bytes, segmentStart, length, end);
        } else {
          append(bytes, segmentStart, length, maxLineBytes, sink);
          sink.line(this, lineStart, line, 0, lineLength, end);
          lineLength = 0;
        }
        lineStart = end;
        segmentStart = i + 1;
        if (++lines >= lineLimit) {
          read = segmentStart; // the rest of the buffer is read again next time
          break;
        }
      }
      append(bytes, segmentStart, read - segmentStart, maxLineBytes, sink);
      position += read;
      total += read;
      if (line.length > 64 * 1024 && lineLength == 0) {
        line = new byte[256];
      }
      if (lines >= lineLimit) {
        break;
      }
    }
    linesInLastRead = lines;
    return total;
  }

  /**
   * The index of the first {@code '\n'} in {@code bytes[from, to)}, or -1: eight bytes at a time (a
   * zero byte of {@code word ^ 0x0A..0A} marks a newline; the lowest such byte is exact).
   */
  static int indexOfNewline(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i) ^ NEWLINES;
      long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public String topic() {
    return source.topic();
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public String fileId() {
    return fileId;
  }

  @Override
  public FileAcks acks() {
    return acks;
  }

  @Override
  public FileHeaders headers() {
    return headers;
  }

  @Override
  public SourcePipeline pipeline() {
    return pipeline;
  }

  @Override
  public MultilineJoiner joiner() {
    return joiner;
  }

  @Override
  public long fileHash() {
    return fileHash;
  }

  /** Adds bytes to the line being assembled, sending a piece each time it reaches the limit. */
  private void append(byte[] bytes, int from, int length, int maxLineBytes, LineSink sink)
      throws InterruptedException {
    while (length > 0) {
      if (lineLength == maxLineBytes) {
        long end = lineStart + lineLength;
        sink.line(this, lineStart, line, 0, lineLength, end);
        lineStart = end;
        lineLength = 0;
      }
      int take = Math.min(maxLineBytes - lineLength, length);
      if (lineLength + take > line.length) {
        line =
            Arrays.copyOf(
                line, Math.min(maxLineBytes, Math.max(line.length * 2, lineLength + take)));
      }
      System.arraycopy(bytes, from, line, lineLength, take);
      lineLength += take;
      from += take;
      length -= take;
    }
  }

  /** Whether a line without its final newline is held. */
  boolean holdsPartialLine() {
    return lineLength > 0;
  }

  /** Sends the held line without a newline (the file was let go or truncated). */
  void flushPartialLine(LineSink sink) throws InterruptedException {
    if (lineLength > 0) {
      long end = lineStart + lineLength;
      sink.line(this, lineStart, line, 0, lineLength, end);
      lineStart = end;
      lineLength = 0;
    }
  }

  /** The file was truncated: read it again from its start. */
  void restart() throws IOException {
    joiner.clear();
    position = 0;
    lineStart = 0;
    lineLength = 0;
    acks = new FileAcks(this, 0);
    fingerprint = Fingerprint.of(channel);
  }

  OffsetStore.Entry entry() {
    return new OffsetStore.Entry(
        fileId,
        source.name(),
        path.toString(),
        key.device(),
        key.inode(),
        fingerprint.length(),
        fingerprint.hash(),
        acks.committed());
  }
}
