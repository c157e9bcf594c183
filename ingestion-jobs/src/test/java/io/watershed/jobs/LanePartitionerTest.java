package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class LanePartitionerTest {
  private final LanePartitioner partitioner = new LanePartitioner();

  private static byte[] lane(int lane) {
    return ByteBuffer.allocate(4).putInt(lane).array();
  }

  @Test
  void aLaneGoesToThePartitionOfItsNumber() {
    int[] partitions = {0, 1, 2};
    assertThat(partitioner.partition(null, lane(0), null, "t", partitions)).isZero();
    assertThat(partitioner.partition(null, lane(1), null, "t", partitions)).isEqualTo(1);
    assertThat(partitioner.partition(null, lane(2), null, "t", partitions)).isEqualTo(2);
    assertThat(partitioner.partition(null, lane(4), null, "t", partitions)).isEqualTo(1);
    assertThat(partitioner.partition(null, lane(300), null, "t", partitions)).isEqualTo(0);
  }

  @Test
  void itPicksFromTheGivenPartitionIds() {
    assertThat(partitioner.partition(null, lane(1), null, "t", new int[] {4, 7})).isEqualTo(7);
    assertThat(partitioner.partition(null, lane(-1), null, "t", new int[] {4, 7})).isEqualTo(7);
  }

  @Test
  void otherKeysGoByTheirHashAndNoKeyToTheFirst() {
    int[] partitions = {0, 1};
    byte[] key = "event-1".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    int first = partitioner.partition(null, key, null, "t", partitions);
    assertThat(partitioner.partition(null, key.clone(), null, "t", partitions)).isEqualTo(first);
    assertThat(partitioner.partition(null, null, null, "t", partitions)).isZero();
  }

  @Test
  void aTopicWithoutPartitionsIsAnError() {
    assertThatThrownBy(() -> partitioner.partition(null, lane(1), null, "ws.monitor", new int[0]))
        .hasMessage("Cannot choose a partition of ws.monitor: it has no partitions");
  }
}
