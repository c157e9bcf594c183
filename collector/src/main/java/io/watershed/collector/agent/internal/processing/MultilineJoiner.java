package io.watershed.collector.agent.internal.processing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file's record being joined from lines: a line in which the start pattern is found begins a
 * record, the lines after it are appended with {@code \n}, up to the limits. Nothing here is sent
 * or committed until the record is complete, so offsets only ever move past whole records.
 */
public final class MultilineJoiner {
  /**
   * A complete record: bytes {@code [0, length)} of {@code bytes}, file bytes {@code [start, end)}.
   */
  interface RecordSink {
    void record(long start, byte[] bytes, int length, long end, int lines)
        throws InterruptedException;
  }

  private byte[] bytes = new byte[1024];
  private int length;
  private int lines;
  private long start;
  private long end;
  private long lastLineNanos;

  /** Whether the last add or flush was ended by a limit (the line began a new record). */
  boolean cut;

  /** Adds a line; sends the record it ends, if any, first. */
  void add(
      SourcePipeline pipeline,
      long offset,
      byte[] line,
      int lineLength,
      long lineEnd,
      long nowNanos,
      RecordSink sink)
      throws InterruptedException {
    cut = false;
    if (lines > 0) {
      boolean begins =
          pipeline
              .multilineStart
              .matcher(new String(line, 0, lineLength, StandardCharsets.UTF_8))
              .find();
      if (begins) {
        flush(sink);
      } else if (lines >= pipeline.multilineMaxLines
          || length + 1L + lineLength > pipeline.multilineMaxBytes) {
        cut = true;
        flush(sink);
      }
    }
    if (lines == 0) {
      start = offset;
    } else {
      ensure(length + 1 + lineLength);
      bytes[length++] = '\n';
    }
    ensure(length + lineLength);
    System.arraycopy(line, 0, bytes, length, lineLength);
    length += lineLength;
    lines++;
    end = lineEnd;
    lastLineNanos = nowNanos;
  }

  public boolean pending() {
    return lines > 0;
  }

  public long lastLineNanos() {
    return lastLineNanos;
  }

  /** Sends the record being joined, if any. */
  void flush(RecordSink sink) throws InterruptedException {
    if (lines == 0) {
      return;
    }
    int count = lines;
    lines = 0;
    int size = length;
    length = 0;
    sink.record(start, bytes, size, end, count);
    if (bytes.length > 64 * 1024) {
      bytes = new byte[1024];
    }
  }

  /** Forgets the record being joined (the file was truncated: it is read again). */
  public void clear() {
    lines = 0;
    length = 0;
  }

  private void ensure(int capacity) {
    if (capacity > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
    }
  }
}
