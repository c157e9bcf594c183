package io.watershed.collector.agent.internal;

import io.watershed.collector.agent.SourceConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ConcurrentSkipListMap;

/** One file being read: where reading is, the line being assembled, what Kafka acknowledged. */
final class TrackedFile {
  /** What was sent of one run of the file's content and not yet acknowledged. */
  static final class Acks {
    private final ConcurrentSkipListMap<Long, Long> pending = new ConcurrentSkipListMap<>();
    private volatile long sentEnd;

    Acks(long start) {
      this.sentEnd = start;
    }

    /** Every byte before this offset was acknowledged (or skipped as a held line). */
    long committed() {
      Long first = null;
      try {
        first = pending.firstKey();
      } catch (java.util.NoSuchElementException e) {
        // nothing pending
      }
      return first == null ? sentEnd : first;
    }

    void sending(long start, long end) {
      pending.put(start, end);
    }

    void sent(long end) {
      sentEnd = end;
    }

    void acknowledged(long start) {
      pending.remove(start);
    }

    boolean idle() {
      return pending.isEmpty();
    }
  }

  /** Called for each complete line or piece. */
  interface LineSink {
    void line(TrackedFile file, long offset, byte[] bytes, int length, long end)
        throws InterruptedException;
  }

  final String fileId;
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
  volatile Acks acks;
  volatile long size;
  boolean matched = true;
  long unchangedSinceNanos = -1;

  TrackedFile(
      String fileId,
      FileKey key,
      FileChannel channel,
      SourceConfig source,
      Path path,
      Fingerprint fingerprint,
      long start) {
    this.fileId = fileId;
    this.key = key;
    this.channel = channel;
    this.source = source;
    this.path = path;
    this.fingerprint = fingerprint;
    this.position = start;
    this.lineStart = start;
    this.acks = new Acks(start);
  }

  /** Reads up to {@code limit} bytes; returns how many were read. */
  long read(ByteBuffer buffer, int maxLineBytes, long limit, LineSink sink)
      throws IOException, InterruptedException {
    long total = 0;
    while (total < limit) {
      buffer.clear();
      int read = channel.read(buffer, position);
      if (read <= 0) {
        break;
      }
      byte[] bytes = buffer.array();
      int segmentStart = 0;
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          append(bytes, segmentStart, i - segmentStart, maxLineBytes, sink);
          long end = position + i + 1;
          sink.line(this, lineStart, line, lineLength, end);
          lineLength = 0;
          lineStart = end;
          segmentStart = i + 1;
        }
      }
      append(bytes, segmentStart, read - segmentStart, maxLineBytes, sink);
      position += read;
      total += read;
      if (line.length > 64 * 1024 && lineLength == 0) {
        line = new byte[256];
      }
    }
    return total;
  }

  /** Adds bytes to the line being assembled, sending a piece each time it reaches the limit. */
  private void append(byte[] bytes, int from, int length, int maxLineBytes, LineSink sink)
      throws InterruptedException {
    while (length > 0) {
      if (lineLength == maxLineBytes) {
        long end = lineStart + lineLength;
        sink.line(this, lineStart, line, lineLength, end);
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
      sink.line(this, lineStart, line, lineLength, end);
      lineStart = end;
      lineLength = 0;
    }
  }

  /** The file was truncated: read it again from its start. */
  void restart() throws IOException {
    position = 0;
    lineStart = 0;
    lineLength = 0;
    acks = new Acks(0);
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
