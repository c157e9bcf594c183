package io.watershed.collector.agent.internal.kafka;

import java.util.Arrays;

/**
 * What was sent of one run of a file's content and not yet acknowledged. Records go to Kafka with
 * an explicit partition, and Kafka completes the records of one partition in the order they were
 * sent, so each partition has a queue of the records' start offsets and lengths in the order sent
 * and a count of completions: the producer's thread only counts (and notes failures), the reading
 * thread takes the completed records off the queues ({@link RecordSender#drain}). Every byte before
 * the first record still queued in any partition was acknowledged.
 */
public final class FileAcks {
  final RecordFile file;
  private PartitionQueue[] queues = new PartitionQueue[0];
  private long sentEnd;
  private long failedFloor = Long.MAX_VALUE;

  /** Records queued, not yet taken off by the reading thread. */
  int pending;

  /** Whether the sender keeps this run in its list of runs with records pending. */
  boolean live;

  public FileAcks(RecordFile file, long start) {
    this.file = file;
    this.sentEnd = start;
  }

  /**
   * Every byte before this offset was acknowledged (or dropped on purpose, or skipped as a held
   * line); never past a record Kafka refused. As of the last {@link RecordSender#drain}.
   */
  public long committed() {
    long committed = sentEnd;
    for (PartitionQueue queue : queues) {
      if (queue != null && queue.head < queue.tail) {
        committed = Math.min(committed, queue.starts[queue.index(queue.head)]);
      }
    }
    return Math.min(committed, failedFloor);
  }

  /** Everything before {@code end} was sent or dropped. */
  public void sent(long end) {
    sentEnd = end;
  }

  /** Kafka refused a record for good: the committed offset stays before it. */
  void failed(long start) {
    failedFloor = Math.min(failedFloor, start);
  }

  /** Whether nothing is pending and nothing was refused. */
  public boolean idle() {
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
