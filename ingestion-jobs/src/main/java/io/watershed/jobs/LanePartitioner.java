package io.watershed.jobs;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.flink.connector.kafka.sink.KafkaPartitioner;

/**
 * Keeps a lane in order from Kafka layer 1 to the monitoring queue: a record whose key is its lane
 * (the layer-1 partition it came from, as Flink's {@code raw} format writes an INT: four bytes,
 * big-endian) goes to partition {@code lane mod partitions}, so each partition of {@code
 * ws.clean.ubc} and {@code ws.monitor} holds one lane in its original order when the topics have as
 * many partitions as layer 1, and the window job's per-partition watermarks absorb the skew between
 * lanes (a job that merges partitions a fetch at a time no longer scrambles report time). A record
 * with another key goes to the partition of its key's hash, one without a key to the first.
 *
 * <p>Used by {@code sql/jobs/ubc_clean.sql} and {@code ubc_monitor.sql} as {@code
 * 'sink.partitioner' = 'io.watershed.jobs.LanePartitioner'}.
 */
public final class LanePartitioner implements KafkaPartitioner<Object> {
  private static final long serialVersionUID = 1L;

  @Override
  public int partition(
      Object record, byte[] key, byte[] value, String targetTopic, int[] partitions) {
    if (partitions.length == 0) {
      throw new IllegalArgumentException(
          "Cannot choose a partition of " + targetTopic + ": it has no partitions");
    }
    return partitions[Math.floorMod(lane(key), partitions.length)];
  }

  /** The lane of a key: the INT it encodes, or its hash; 0 without a key. */
  static int lane(byte[] key) {
    if (key == null) {
      return 0;
    }
    if (key.length == Integer.BYTES) {
      return ByteBuffer.wrap(key).getInt();
    }
    return Arrays.hashCode(key);
  }
}
