package io.watershed.collector.agent.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import io.watershed.collector.agent.internal.AgentCounters;
import io.watershed.collector.internal.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.compress.Compression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch engine's idempotence against the real broker: connections are cut while batches are in
 * flight, so some were written by the broker whose answers were lost; sent again with their
 * sequence numbers, the broker writes each once.
 */
class BatchProducerIT {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProducerIT.class);
  private static final int ROUNDS = 40;
  private static final int PER_ROUND = 2_500;
  private final KafkaBroker kafka = KafkaBroker.shared();
  private final Metrics metrics = new Metrics();

  @TempDir Path directory;

  private static org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse
      produce(BrokerConnection connection, String topic, RecordBatch batch) throws Exception {
    var data =
        new org.apache.kafka.common.message.ProduceRequestData()
            .setAcks((short) -1)
            .setTimeoutMs(30_000);
    var topicData =
        new org.apache.kafka.common.message.ProduceRequestData.TopicProduceData().setName(topic);
    topicData
        .partitionData()
        .add(
            new org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData()
                .setIndex(0)
                .setRecords(
                    org.apache.kafka.common.record.internal.MemoryRecords.readableRecords(
                        batch.bytes())));
    data.topicData().add(topicData);
    // version 12 names the topic (13 wants its id)
    var builder =
        new org.apache.kafka.common.requests.ProduceRequest.Builder((short) 3, (short) 12, data);
    var response =
        (org.apache.kafka.common.requests.ProduceResponse) connection.call(builder, 30_000);
    return response.data().responses().iterator().next().partitionResponses().get(0);
  }

  /** The same stamped batch twice, as after a lost answer: the broker writes it once. */
  @Test
  void aBatchSentTwiceIsWrittenOnce() throws Exception {
    String topic = kafka.createTopic("batch-producer-twice");
    String[] hostPort = kafka.bootstrap().split(":");
    try (BrokerConnection connection =
        BrokerConnection.open(
            -1, hostPort[0], Integer.parseInt(hostPort[1]), "it", 30_000, 10_000)) {
      var init =
          (org.apache.kafka.common.requests.InitProducerIdResponse)
              connection.call(
                  new org.apache.kafka.common.requests.InitProducerIdRequest.Builder(
                      new org.apache.kafka.common.message.InitProducerIdRequestData()
                          .setTransactionalId(null)
                          .setTransactionTimeoutMs(Integer.MAX_VALUE)
                          .setProducerId(-1)
                          .setProducerEpoch((short) -1)),
                  30_000);
      assertThat(init.data().errorCode()).isZero();
      long producerId = init.data().producerId();
      short epoch = init.data().producerEpoch();
      byte[] headers = RecordBatch.headerKey("file_offset");
      byte[] readTs = RecordBatch.header("read_ts", RecordSender.decimal(1));
      RecordBatch first = new RecordBatch(null, 64, 1 << 20, 0);
      RecordBatch second = new RecordBatch(null, 64, 1 << 20, 0);
      // a producer and a file only for the queue that the batches' records complete
      try (Fixture unused = new Fixture(topic, "batch-producer-twice", Compression.NONE)) {
        for (int i = 0; i < 10; i++) {
          byte[] value = ("first-" + i).getBytes(StandardCharsets.UTF_8);
          first.append(1, value, 0, value.length, headers, i, readTs, null, 2, unused.queues[0]);
          value = ("second-" + i).getBytes(StandardCharsets.UTF_8);
          second.append(1, value, 0, value.length, headers, i, readTs, null, 2, unused.queues[0]);
        }
      }
      first.seal(Compression.lz4().build());
      second.seal(Compression.lz4().build());
      first.stamp(producerId, epoch, 0);
      second.stamp(producerId, epoch, 10);

      var written = produce(connection, topic, first);
      var again = produce(connection, topic, first);
      var next = produce(connection, topic, second);
      var nextAgain = produce(connection, topic, second);

      assertThat(written.errorCode()).isZero();
      assertThat(again.errorCode()).as("a duplicate is answered as written").isZero();
      assertThat(again.baseOffset()).isEqualTo(written.baseOffset());
      assertThat(next.baseOffset()).isEqualTo(written.baseOffset() + 10);
      assertThat(nextAgain.baseOffset()).isEqualTo(next.baseOffset());
      assertThat(kafka.read(topic, 20, Duration.ofSeconds(30))).hasSize(20);
    }
  }

  /** A producer of 16 KiB batches to the shared broker, and a file whose records it sends. */
  private final class Fixture implements AutoCloseable {
    final BatchProducer producer;
    final RecordFile file;
    final PartitionQueue[] queues;

    Fixture(String topic, String clientId, Compression compression) throws Exception {
      Path path = directory.resolve(clientId + ".log");
      Files.writeString(path, "x\n");
      file = new TestFile("fid", path, topic);
      producer =
          new BatchProducer(
              new BatchSettings(
                  List.of(kafka.bootstrap()),
                  clientId,
                  20,
                  16 * 1024,
                  compression,
                  30_000,
                  5,
                  20,
                  200,
                  1024 * 1024,
                  300_000,
                  10_000),
              "agent-it",
              "host-it",
              metrics.component("agent"));
      RecordSender sender =
          new RecordSender(
              1024,
              1024,
              producer,
              new InflightBudget(1L << 30),
              new AgentCounters(),
              new Metrics().component("test"),
              () -> true);
      int partitions = producer.partitionCount(topic);
      assertThat(partitions).isEqualTo(2);
      queues = new PartitionQueue[partitions];
      for (int p = 0; p < partitions; p++) {
        queues[p] = file.acks().queue(p, sender);
      }
    }

    void send(String topic, long record, byte[] value) {
      int partition = (int) ((record / 500) % queues.length);
      producer.send(
          file,
          topic,
          partition,
          record,
          System.currentTimeMillis(),
          value,
          0,
          value.length,
          null,
          queues[partition]);
    }

    /** Waits until every record sent is answered; asserts none failed. */
    void awaitAnswered(long records, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (queues[0].completed.get() + queues[1].completed.get() < records) {
        assertThat(System.nanoTime()).as("all batches answered in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(queues[0].failures).isEmpty();
      assertThat(queues[1].failures).isEmpty();
    }

    @Override
    public void close() throws Exception {
      producer.close(Duration.ofSeconds(10));
    }
  }

  /** Reads a topic's records, asserting each arrived once. */
  private void readEachOnce(String topic, long records) {
    List<ConsumerRecord<byte[], byte[]>> read =
        kafka.read(topic, (int) records, Duration.ofSeconds(60));
    Set<String> distinct = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : read) {
      distinct.add(new String(record.value(), StandardCharsets.UTF_8));
    }
    assertThat(distinct).hasSize((int) records);
    assertThat(read).as("records in Kafka: each once").hasSize((int) records);
  }

  /**
   * Over a produce quota the broker answers with a throttle time and stops reading from the
   * connection for that long (KIP-219); the engine holds its produce requests to it until then:
   * nothing times out, nothing is sent twice, every record arrives once.
   */
  @Test
  void aBrokerThrottlingTheAgentGetsEveryRecordOnceWithNothingResent() throws Exception {
    String topic = kafka.createTopic("batch-producer-quota");
    String clientId = "batch-producer-quota-" + UUID.randomUUID().toString().substring(0, 8);
    // the broker measures the rate over at least 10 one-second windows, so the first 10 s of the
    // quota go through unthrottled: 1.8 MB at 128 KiB/s is about 4 s over
    long quota = 128 * 1024;
    kafka.produceQuota(clientId, quota);
    long records = 8_000;
    long bytes = 0;
    long started = System.nanoTime();
    try (Fixture fixture = new Fixture(topic, clientId, Compression.NONE)) {
      for (long record = 0; record < records; record++) {
        // random letters, so that the bytes on the wire are about the bytes of the lines
        byte[] value =
            (record + " " + UUID.randomUUID() + UUID.randomUUID() + UUID.randomUUID())
                .repeat(2)
                .getBytes(StandardCharsets.UTF_8);
        bytes += value.length;
        fixture.send(topic, record, value);
      }
      fixture.producer.flush();
      fixture.awaitAnswered(records, Duration.ofSeconds(120));
      double seconds = (System.nanoTime() - started) / 1e9;
      String scrape = metrics.scrape();
      long throttled = counter(scrape, BrokerConnections.THROTTLED_METRIC);
      long throttleMs = counter(scrape, BrokerConnections.THROTTLE_TIME_METRIC);
      LOG.info(
          "Count[throttled] {} records, {} bytes at a quota of {} B/s: answered in {} s, {}"
              + " answers throttled for {} ms in all, {} batches sent again",
          records,
          bytes,
          quota,
          "%.1f".formatted(seconds),
          throttled,
          throttleMs,
          fixture.producer.batchesResent());
      assertThat(throttled).as("answers that carried a throttle time").isPositive();
      assertThat(throttleMs).as("throttle time").isPositive();
      assertThat(fixture.producer.batchesResent()).as("batches sent again").isZero();
    }
    readEachOnce(topic, records);
  }

  private static long counter(String scrape, String name) {
    String prefix = "watershed_" + name + " ";
    for (String line : scrape.split("\n")) {
      if (line.startsWith(prefix)) {
        return (long) Double.parseDouble(line.substring(prefix.length()));
      }
    }
    return 0;
  }

  @Test
  void connectionsCutMidFlightWriteEveryRecordOnce() throws Exception {
    String topic = kafka.createTopic("batch-producer-cut");
    try (Fixture fixture = new Fixture(topic, "batch-producer-it", Compression.lz4().build())) {
      BatchProducer producer = fixture.producer;
      long record = 0;
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < PER_ROUND; i++, record++) {
          fixture.send(
              topic,
              record,
              ("record-" + record + " " + "y".repeat((int) (record % 90))).getBytes());
        }
        producer.flush();
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 4));
        producer.dropConnections();
      }
      fixture.awaitAnswered(record, Duration.ofSeconds(120));
      long resent = producer.batchesResent();
      LOG.info(
          "{} records sent in {} rounds with the connections cut after each: {} batches sent again",
          record,
          ROUNDS,
          resent);
      assertThat(resent).as("batches sent again after a cut").isPositive();
      assertThat(metrics.scrape())
          .contains(
              "watershed_" + Sender.BATCHES_METRIC + "{attempt=\"again\"} " + resent + ".0\n");
      readEachOnce(topic, record);
    }
  }
}
