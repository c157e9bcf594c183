package io.watershed.collector.agent.internal.kafka;

import java.time.Duration;

/**
 * Where {@link RecordSender} hands records: Kafka's own producer ({@link ClientOutput}) or the
 * agent's batch producer ({@link BatchProducer}). Called by the reading thread only, except {@link
 * #close}. Each record completes through its {@link PartitionQueue}, in order per partition.
 */
interface RecordOutput {
  /**
   * Partitions of {@code topic}; throws a retriable Kafka exception when it is not known in time.
   */
  int partitionCount(String topic);

  /**
   * Sends the record {@code value[from, from + length)} of {@code file} at byte {@code offset},
   * read at {@code readTsMillis}, with the provenance headers; {@code skipped} names the transforms
   * that did not apply, or is null. {@code value} may change after the call.
   */
  void send(
      RecordFile file,
      String topic,
      int partition,
      long offset,
      long readTsMillis,
      byte[] value,
      int from,
      int length,
      String skipped,
      PartitionQueue queue);

  /**
   * Whether the sticky partitioning moves on from {@code partition} before a record of {@code
   * length} bytes, {@code bytes} having gone to it since it was chosen: by default after {@code
   * stickyBytes}.
   */
  default boolean moveOn(String topic, int partition, int length, long bytes, long stickyBytes) {
    return bytes >= stickyBytes;
  }

  /** Sends what waited longer than the linger time. Called often. */
  default void poll() {}

  /** Sends everything that waits to fill a batch (the reading thread is about to wait). */
  default void flush() {}

  void close(Duration timeout);
}
