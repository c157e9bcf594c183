package io.watershed.collector.agent.internal.kafka;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The records of one run of a file sent to one partition, in the order sent; also the callback of
 * each of them. The reading thread appends and takes off; the producer's thread counts.
 */
final class PartitionQueue implements Callback {
  /** A record Kafka refused: its index in this queue and why. */
  record Failure(long index, Exception error) {}

  final FileAcks acks;
  private final RecordSender sender;

  /** Records completed by Kafka, acknowledged or failed (the producer's thread). */
  final AtomicLong completed = new AtomicLong();

  final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  long[] starts = new long[64];
  int[] lengths = new int[64];
  long head;
  long tail;

  PartitionQueue(FileAcks acks, RecordSender sender) {
    this.acks = acks;
    this.sender = sender;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception error) {
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

  /** A batch of this queue's next {@code records} completed, acknowledged or with {@code error}. */
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
