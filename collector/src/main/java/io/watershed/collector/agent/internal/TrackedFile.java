package io.watershed.collector.agent.internal;

import io.watershed.collector.agent.SourceConfig;
import io.watershed.contracts.ProvenanceHeaders;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/** One file being read: where reading is, the line being assembled, what Kafka acknowledged. */
final class TrackedFile {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  /**
   * What was sent of one run of the file's content and not yet acknowledged. Records go to Kafka
   * with an explicit partition, and Kafka completes the records of one partition in the order they
   * were sent, so each partition has a queue of the records' start offsets and lengths in the order
   * sent and a count of completions: the producer's thread only counts (and notes failures), the
   * reading thread takes the completed records off the queues ({@link RecordSender#drain}). Every
   * byte before the first record still queued in any partition was acknowledged.
   */
  static final class Acks {
    final TrackedFile file;
    private PartitionQueue[] queues = new PartitionQueue[0];
    private long sentEnd;
    private long failedFloor = Long.MAX_VALUE;

    /** Records queued, not yet taken off by the reading thread. */
    int pending;

    /** Whether the sender keeps this run in its list of runs with records pending. */
    boolean live;

    Acks(TrackedFile file, long start) {
      this.file = file;
      this.sentEnd = start;
    }

    /**
     * Every byte before this offset was acknowledged (or dropped on purpose, or skipped as a held
     * line); never past a record Kafka refused. As of the last {@link RecordSender#drain}.
     */
    long committed() {
      long committed = sentEnd;
      for (PartitionQueue queue : queues) {
        if (queue != null && queue.head < queue.tail) {
          committed = Math.min(committed, queue.starts[queue.index(queue.head)]);
        }
      }
      return Math.min(committed, failedFloor);
    }

    /** Everything before {@code end} was sent or dropped. */
    void sent(long end) {
      sentEnd = end;
    }

    /** Kafka refused a record for good: the committed offset stays before it. */
    void failed(long start) {
      failedFloor = Math.min(failedFloor, start);
    }

    boolean idle() {
      return pending == 0 && failedFloor == Long.MAX_VALUE;
    }

    PartitionQueue queue(int partition, RecordSender sender) {
      if (partition >= queues.length) {
        queues = Arrays.copyOf(queues, partition + 1);
      }
      PartitionQueue queue = queues[partition];
      if (queue == null) {
        queue = new PartitionQueue(this, sender);
        queues[partition] = queue;
      }
      return queue;
    }

    PartitionQueue[] queues() {
      return queues;
    }
  }

  /**
   * The records of one run of a file sent to one partition, in the order sent; also the callback of
   * each of them. The reading thread appends and takes off; the producer's thread counts.
   */
  static final class PartitionQueue implements org.apache.kafka.clients.producer.Callback {
    /** A record Kafka refused: its index in this queue and why. */
    record Failure(long index, Exception error) {}

    final Acks acks;
    private final RecordSender sender;

    /** Records completed by Kafka, acknowledged or failed (the producer's thread). */
    final java.util.concurrent.atomic.AtomicLong completed =
        new java.util.concurrent.atomic.AtomicLong();

    final java.util.Queue<Failure> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
    long[] starts = new long[64];
    int[] lengths = new int[64];
    long head;
    long tail;

    PartitionQueue(Acks acks, RecordSender sender) {
      this.acks = acks;
      this.sender = sender;
    }

    @Override
    public void onCompletion(
        org.apache.kafka.clients.producer.RecordMetadata metadata, Exception error) {
      if (sender.sendingOnThisThread()) {
        // failed inside send(): the record was not taken
        sender.notTaken(error);
        return;
      }
      if (error != null) {
        failures.add(new Failure(completed.get(), error));
      }
      completed.incrementAndGet();
      sender.completed();
    }

    /**
     * A batch of this queue's next {@code records} completed, acknowledged or with {@code error}.
     */
    void completed(int records, Exception error) {
      if (error != null) {
        long first = completed.get();
        for (int i = 0; i < records; i++) {
          failures.add(new Failure(first + i, error));
        }
      }
      completed.addAndGet(records);
      sender.completed();
    }

    void add(long start, int length) {
      if (tail - head == starts.length) {
        grow();
      }
      int index = index(tail);
      starts[index] = start;
      lengths[index] = length;
      tail++;
    }

    /** Removes the record added last (it was not taken by Kafka). */
    void removeLast() {
      tail--;
    }

    int index(long sequence) {
      return (int) (sequence & (starts.length - 1));
    }

    private void grow() {
      long[] newStarts = new long[starts.length * 2];
      int[] newLengths = new int[starts.length * 2];
      for (long sequence = head; sequence < tail; sequence++) {
        int index = (int) (sequence & (newStarts.length - 1));
        newStarts[index] = starts[index(sequence)];
        newLengths[index] = lengths[index(sequence)];
      }
      starts = newStarts;
      lengths = newLengths;
    }
  }

  /** Called for each complete line or piece. */
  interface LineSink {
    /** The record is {@code bytes[from, from + length)}, valid only during the call. */
    void line(TrackedFile file, long offset, byte[] bytes, int from, int length, long end)
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
    this.fileIdHeader = RecordSender.header(ProvenanceHeaders.FILE_ID, fileId);
    this.fileHash = SourcePipeline.hash(fileId);
    this.key = key;
    this.channel = channel;
    this.source = source;
    this.path = path;
    this.fingerprint = fingerprint;
    this.position = start;
    this.lineStart = start;
    this.acks = new Acks(this, start);
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

  /** The {@code path} header for the file's current path. */
  /**
   * Record batch bytes (for {@link BatchProducer}): {@code before}, the path and file id headers,
   * then {@code after}; kept while the path and {@code before} stay the same.
   */
  byte[] batchHeaders(byte[] before, byte[] after) {
    org.apache.kafka.common.header.internals.RecordHeader header = pathHeader();
    if (header != batchHeadersPath || before != batchHeadersBefore) {
      batchHeaders =
          RecordBatch.concat(
              RecordBatch.concat(
                  before, RecordBatch.header(ProvenanceHeaders.PATH, header.value())),
              RecordBatch.concat(
                  RecordBatch.header(ProvenanceHeaders.FILE_ID, fileIdHeader.value()), after));
      batchHeadersPath = header;
      batchHeadersBefore = before;
    }
    return batchHeaders;
  }

  private byte[] batchHeadersBefore;

  private org.apache.kafka.common.header.internals.RecordHeader batchHeadersPath;
  private byte[] batchHeaders;

  org.apache.kafka.common.header.internals.RecordHeader pathHeader() {
    Path current = path;
    if (current != headerPath) {
      pathHeader = RecordSender.header(ProvenanceHeaders.PATH, current.toString());
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
    acks = new Acks(this, 0);
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
