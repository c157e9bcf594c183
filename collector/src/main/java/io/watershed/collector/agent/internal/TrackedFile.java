package io.watershed.collector.agent.internal;

import io.watershed.collector.agent.SourceConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/** One file being read: where reading is, the line being assembled, what Kafka acknowledged. */
final class TrackedFile {
  /**
   * What was sent of one run of the file's content and not yet acknowledged: a ring of the records'
   * start offsets in the order sent, each marked when Kafka acknowledges it (acks of different
   * partitions come in any order). Written by the reading thread, marked by the producer's thread.
   */
  static final class Acks {
    private long[] starts = new long[64];
    private boolean[] done = new boolean[64];
    private long head;
    private long tail;
    private long sentEnd;
    private long failedFloor = Long.MAX_VALUE;

    Acks(long start) {
      this.sentEnd = start;
    }

    /**
     * Every byte before this offset was acknowledged (or dropped on purpose, or skipped as a held
     * line); never past a record Kafka refused.
     */
    synchronized long committed() {
      long committed = head < tail ? starts[index(head)] : sentEnd;
      return Math.min(committed, failedFloor);
    }

    /** A record of file bytes from {@code start} is being sent; returns its sequence number. */
    synchronized long sending(long start) {
      if (tail - head == starts.length) {
        grow();
      }
      int index = index(tail);
      starts[index] = start;
      done[index] = false;
      return tail++;
    }

    /** Everything before {@code end} was sent or dropped. */
    synchronized void sent(long end) {
      sentEnd = end;
    }

    synchronized void acknowledged(long sequence) {
      done[index(sequence)] = true;
      while (head < tail && done[index(head)]) {
        head++;
      }
    }

    /** Kafka refused the record for good: the committed offset stays before it. */
    synchronized void failed(long sequence, long start) {
      failedFloor = Math.min(failedFloor, start);
      acknowledged(sequence);
    }

    synchronized boolean idle() {
      return head == tail && failedFloor == Long.MAX_VALUE;
    }

    private int index(long sequence) {
      return (int) (sequence & (starts.length - 1));
    }

    private void grow() {
      long[] newStarts = new long[starts.length * 2];
      boolean[] newDone = new boolean[starts.length * 2];
      for (long sequence = head; sequence < tail; sequence++) {
        int index = (int) (sequence & (newStarts.length - 1));
        newStarts[index] = starts[index(sequence)];
        newDone[index] = done[index(sequence)];
      }
      starts = newStarts;
      done = newDone;
    }
  }

  /** Called for each complete line or piece. */
  interface LineSink {
    void line(TrackedFile file, long offset, byte[] bytes, int length, long end)
        throws InterruptedException;
  }

  final String fileId;
  final org.apache.kafka.common.header.internals.RecordHeader fileIdHeader;

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
  volatile Acks acks;
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
    this.fileIdHeader = RecordSender.header("file_id", fileId);
    this.fileHash = SourcePipeline.hash(fileId);
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
      for (int i = 0; i < read; i++) {
        if (bytes[i] == '\n') {
          append(bytes, segmentStart, i - segmentStart, maxLineBytes, sink);
          long end = position + i + 1;
          sink.line(this, lineStart, line, lineLength, end);
          lineLength = 0;
          lineStart = end;
          segmentStart = i + 1;
          if (++lines >= lineLimit) {
            read = segmentStart; // the rest of the buffer is read again next time
            break;
          }
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

  /** The {@code path} header for the file's current path. */
  org.apache.kafka.common.header.internals.RecordHeader pathHeader() {
    Path current = path;
    if (current != headerPath) {
      pathHeader = RecordSender.header("path", current.toString());
      headerPath = current;
    }
    return pathHeader;
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
    joiner.clear();
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
