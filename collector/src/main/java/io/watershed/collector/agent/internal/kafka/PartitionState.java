package io.watershed.collector.agent.internal.kafka;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One partition's batches. {@link #open} is the reading thread's ({@link RecordAccumulator}); the
 * rest the producer thread's, guarded by the sender's lock: the leader ({@link ProducerMetadata}),
 * the queues and retries ({@link Sender}), the sequence numbers ({@link IdempotenceState}).
 */
final class PartitionState {
  final TopicState topic;
  final int index;
  RecordBatch open;
  int lastBatchBytes = 4096;

  int leader = -1;
  final ArrayDeque<RecordBatch> waiting = new ArrayDeque<>();
  final List<RecordBatch> inflight = new ArrayList<>();
  final List<RecordBatch> retry = new ArrayList<>();
  boolean recovering;
  long retryAtNanos;
  int failures;
  int nextSequence;
  int writtenEnd;
  int generation = -1;

  PartitionState(TopicState topic, int index) {
    this.topic = topic;
    this.index = index;
  }

  @Override
  public String toString() {
    return topic.name + "-" + index;
  }
}
