package io.watershed.collector.agent.internal.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

/** A topic as the metadata knows it; read by the reading thread, written by the producer's. */
final class TopicState {
  final String name;
  volatile Uuid id = Uuid.ZERO_UUID;
  volatile PartitionState[] partitions = new PartitionState[0];
  volatile String error = "";

  /** Compressed over uncompressed bytes of the topic's last batch. */
  volatile double ratio = 1.0;

  /** The partition the reading thread appended to last. */
  PartitionState current;

  /** The metadata error logged for the topic, the producer thread's; null when none. */
  Errors logged;

  TopicState(String name) {
    this.name = name;
  }
}
