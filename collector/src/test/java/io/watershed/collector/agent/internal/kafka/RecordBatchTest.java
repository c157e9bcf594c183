package io.watershed.collector.agent.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.agent.internal.AgentCounters;
import io.watershed.collector.internal.Metrics;
import io.watershed.contracts.ProvenanceHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own record batches, read back by Kafka's record classes (the broker's reading code):
 * CRC, producer id and sequence, compression, offsets, timestamps, values and every header.
 */
class RecordBatchTest {
  @TempDir Path directory;

  private static final byte[] CONSTANT =
      RecordBatch.concat(
          RecordBatch.header("agent", RecordSender.utf8("agent-1")),
          RecordBatch.header("host", RecordSender.utf8("höst")));

  private TestFile file(String name) throws Exception {
    Path path = directory.resolve(name);
    Files.writeString(path, "x\n");
    return new TestFile("fid-" + name, path, "t");
  }

  private static RecordSender sender() {
    RecordOutput none =
        new RecordOutput() {
          @Override
          public int partitionCount(String topic) {
            return 1;
          }

          @Override
          public void send(
              RecordFile file,
              String topic,
              int partition,
              long offset,
              long readTsMillis,
              byte[] value,
              int from,
              int length,
              String skipped,
              PartitionQueue queue) {
            throw new AssertionError("not used");
          }

          @Override
          public void close(Duration timeout) {}
        };
    return new RecordSender(
        1024,
        1024,
        none,
        new InflightBudget(1 << 20),
        new AgentCounters(),
        new Metrics().component("test"),
        () -> true);
  }

  private static Map<String, String> headers(Record record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static String value(Record record) {
    byte[] bytes = new byte[record.valueSize()];
    record.value().get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void kafkaReadsTheBatchBackWithEveryCompression() throws Exception {
    TestFile first = file("a.log");
    TestFile second = file("b.log");
    RecordSender sender = sender();
    PartitionQueue firstQueue = first.acks().queue(0, sender);
    PartitionQueue secondQueue = second.acks().queue(0, sender);
    byte[] skippedKey = RecordBatch.headerKey(ProvenanceHeaders.TRANSFORM_SKIPPED);
    byte[] skippedValue = RecordSender.utf8("nginx");
    byte[] skipped =
        RecordBatch.concat(
            skippedKey,
            RecordBatch.concat(new byte[] {(byte) (skippedValue.length << 1)}, skippedValue));
    String longLine = "é".repeat(300);
    byte[] v;
    for (CompressionType type : CompressionType.values()) {
      RecordBatch batch = new RecordBatch(null, 16, 1 << 20, 0);
      byte[] offsetKey = RecordBatch.headerKey("file_offset");
      long base = 1_700_000_000_123L;
      batch.append(
          base,
          RecordSender.utf8("->first<-"),
          2,
          5,
          first.headers().batch(first.path(), CONSTANT, offsetKey),
          0,
          RecordBatch.header("read_ts", RecordSender.decimal(base)),
          null,
          6,
          firstQueue);
      batch.append(
          base - 3,
          v = RecordSender.utf8(longLine),
          0,
          v.length,
          first.headers().batch(first.path(), CONSTANT, offsetKey),
          9_876_543_210_123L,
          RecordBatch.header("read_ts", RecordSender.decimal(base - 3)),
          skipped,
          7,
          firstQueue);
      batch.append(
          base + 70_000,
          v = new byte[0],
          0,
          v.length,
          second.headers().batch(second.path(), CONSTANT, offsetKey),
          42,
          RecordBatch.header("read_ts", RecordSender.decimal(base + 70_000)),
          null,
          6,
          secondQueue);
      batch.seal(Compression.of(type).build());
      batch.stamp(4711L, (short) 3, 100);

      MemoryRecords records = MemoryRecords.readableRecords(batch.bytes());
      List<org.apache.kafka.common.record.internal.MutableRecordBatch> batches = new ArrayList<>();
      records.batches().forEach(batches::add);
      assertThat(batches).as(type.name).hasSize(1);
      var read = batches.get(0);
      read.ensureValid();
      assertThat(read.magic()).isEqualTo((byte) 2);
      assertThat(read.compressionType()).isEqualTo(type);
      assertThat(read.producerId()).isEqualTo(4711L);
      assertThat(read.producerEpoch()).isEqualTo((short) 3);
      assertThat(read.baseSequence()).isEqualTo(100);
      assertThat(read.lastSequence()).isEqualTo(102);
      assertThat(read.countOrNull()).isEqualTo(3);
      assertThat(read.maxTimestamp()).isEqualTo(base + 70_000);
      Iterator<Record> iterator = read.iterator();
      Record one = iterator.next();
      Record two = iterator.next();
      Record three = iterator.next();
      assertThat(iterator.hasNext()).isFalse();
      assertThat(List.of(one.offset(), two.offset(), three.offset())).containsExactly(0L, 1L, 2L);
      assertThat(List.of(one.timestamp(), two.timestamp(), three.timestamp()))
          .containsExactly(base, base - 3, base + 70_000);
      assertThat(one.hasKey()).isFalse();
      assertThat(List.of(value(one), value(two), value(three)))
          .containsExactly("first", longLine, "");
      assertThat(headers(one))
          .containsExactly(
              Map.entry("agent", "agent-1"),
              Map.entry("host", "höst"),
              Map.entry("path", directory.resolve("a.log").toString()),
              Map.entry("file_id", "fid-a.log"),
              Map.entry("file_offset", "0"),
              Map.entry("read_ts", Long.toString(base)));
      assertThat(headers(two))
          .containsEntry("file_offset", "9876543210123")
          .containsEntry("transform_skipped", "nginx")
          .hasSize(7);
      assertThat(headers(three))
          .containsEntry("path", directory.resolve("b.log").toString())
          .containsEntry("file_offset", "42");

      // restamped for a new producer id: still valid
      batch.stamp(99L, (short) 0, Integer.MAX_VALUE - 1);
      var restamped = MemoryRecords.readableRecords(batch.bytes()).batches().iterator().next();
      restamped.ensureValid();
      assertThat(restamped.producerId()).isEqualTo(99L);
      assertThat(restamped.lastSequence()).isEqualTo(0);
    }
  }

  @Test
  void completionCountsEachRunOfRecordsOnItsQueue() throws Exception {
    TestFile first = file("a.log");
    TestFile second = file("b.log");
    RecordSender sender = sender();
    PartitionQueue firstQueue = first.acks().queue(0, sender);
    PartitionQueue secondQueue = second.acks().queue(0, sender);
    RecordBatch ok = new RecordBatch(null, 16, 1 << 20, 0);
    RecordBatch refused = new RecordBatch(null, 16, 1 << 20, 0);
    byte[] v;
    byte[] key = RecordBatch.headerKey("file_offset");
    byte[] readTs = RecordBatch.header("read_ts", RecordSender.decimal(1));
    for (PartitionQueue queue : List.of(firstQueue, firstQueue, secondQueue, firstQueue)) {
      ok.append(
          1,
          v = new byte[] {'x'},
          0,
          v.length,
          first.headers().batch(first.path(), CONSTANT, key),
          1,
          readTs,
          null,
          6,
          queue);
    }
    refused.append(
        1,
        v = new byte[] {'y'},
        0,
        v.length,
        first.headers().batch(first.path(), CONSTANT, key),
        5,
        readTs,
        null,
        6,
        secondQueue);
    ok.seal(Compression.NONE);
    refused.seal(Compression.NONE);

    ok.complete(null);
    refused.complete(new IllegalStateException("too large"));

    assertThat(firstQueue.completed.get()).isEqualTo(3);
    assertThat(firstQueue.failures).isEmpty();
    assertThat(secondQueue.completed.get()).isEqualTo(2);
    assertThat(secondQueue.failures).hasSize(1);
    assertThat(secondQueue.failures.peek().index()).isEqualTo(1);
  }

  @Test
  void sequencesWrapAfterIntegerMaxAsKafkaDoes() {
    assertThat(IdempotenceState.nextSequence(0, 5)).isEqualTo(5);
    assertThat(IdempotenceState.nextSequence(Integer.MAX_VALUE - 5, 5))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(IdempotenceState.nextSequence(Integer.MAX_VALUE - 1, 3)).isEqualTo(1);
    assertThat(IdempotenceState.nextSequence(Integer.MAX_VALUE, 1)).isEqualTo(0);
  }

  @Test
  void varintsMatchKafka() {
    byte[] out = new byte[10];
    for (int value : new int[] {0, 1, -1, 63, 64, -65, 300, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      int end = RecordBatch.writeVarint(out, 0, value);
      assertThat(end).isEqualTo(RecordBatch.varintSize(value));
      assertThat(
              org.apache.kafka.common.utils.internals.ByteUtils.readVarint(
                  java.nio.ByteBuffer.wrap(out)))
          .isEqualTo(value);
    }
    for (long value : new long[] {0, -3, 70_000, Long.MAX_VALUE, Long.MIN_VALUE}) {
      int end = RecordBatch.writeVarlong(out, 0, value);
      assertThat(end).isEqualTo(RecordBatch.varlongSize(value));
      assertThat(
              org.apache.kafka.common.utils.internals.ByteUtils.readVarlong(
                  java.nio.ByteBuffer.wrap(out)))
          .isEqualTo(value);
    }
  }
}
