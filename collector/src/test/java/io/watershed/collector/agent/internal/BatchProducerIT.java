package io.watershed.collector.agent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.internal.Metrics;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
      Path path = directory.resolve("q.log");
      Files.writeString(path, "x\n");
      BatchProducer unused =
          new BatchProducer(
              BatchProducer.Settings.of(
                  java.util.Map.of(
                      "bootstrap.servers", kafka.bootstrap(),
                      "key.serializer",
                          org.apache.kafka.common.serialization.ByteArraySerializer.class,
                      "value.serializer",
                          org.apache.kafka.common.serialization.ByteArraySerializer.class)),
              "a",
              "h",
              new Metrics().component("agent"));
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
        TrackedFile file =
            new TrackedFile(
                "fid",
                FileKey.of(path),
                channel,
                new SourceConfig("s", List.of(path.toString()), topic),
                path,
                Fingerprint.of(channel),
                0);
        RecordSender sender =
            new RecordSender(
                1024,
                1024,
                unused,
                new InflightBudget(1 << 20),
                new AgentCounters(),
                new Metrics().component("test"),
                () -> true);
        TrackedFile.PartitionQueue queue = file.acks.queue(0, sender);
        for (int i = 0; i < 10; i++) {
          byte[] value = ("first-" + i).getBytes(StandardCharsets.UTF_8);
          first.append(1, value, 0, value.length, headers, i, readTs, null, 2, queue);
          value = ("second-" + i).getBytes(StandardCharsets.UTF_8);
          second.append(1, value, 0, value.length, headers, i, readTs, null, 2, queue);
        }
      } finally {
        unused.close(Duration.ofSeconds(5));
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

  @Test
  void connectionsCutMidFlightWriteEveryRecordOnce() throws Exception {
    String topic = kafka.createTopic("batch-producer-cut");
    Path path = directory.resolve("a.log");
    Files.writeString(path, "x\n");
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    TrackedFile file =
        new TrackedFile(
            "fid",
            FileKey.of(path),
            channel,
            new SourceConfig("s", List.of(path.toString()), topic),
            path,
            Fingerprint.of(channel),
            0);
    BatchProducer producer =
        new BatchProducer(
            new BatchProducer.Settings(
                List.of(kafka.bootstrap()),
                "batch-producer-it",
                20,
                16 * 1024,
                Compression.lz4().build(),
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
    try {
      int partitions = producer.partitionCount(topic);
      assertThat(partitions).isEqualTo(2);
      TrackedFile.PartitionQueue[] queues = new TrackedFile.PartitionQueue[partitions];
      for (int p = 0; p < partitions; p++) {
        queues[p] = file.acks.queue(p, sender);
      }
      long record = 0;
      for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < PER_ROUND; i++, record++) {
          byte[] value = ("record-" + record + " " + "y".repeat((int) (record % 90))).getBytes();
          int partition = (int) ((record / 500) % partitions);
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
        producer.flush();
        Thread.sleep(ThreadLocalRandom.current().nextInt(0, 4));
        producer.dropConnections();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (queues[0].completed.get() + queues[1].completed.get() < record) {
        assertThat(System.nanoTime()).as("all batches answered in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(queues[0].failures).isEmpty();
      assertThat(queues[1].failures).isEmpty();
      long resent = producer.batchesResent();
      List<ConsumerRecord<byte[], byte[]>> records =
          kafka.read(topic, (int) record, Duration.ofSeconds(60));
      Set<String> distinct = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> read : records) {
        distinct.add(new String(read.value(), StandardCharsets.UTF_8));
      }
      LOG.info(
          "{} records sent in {} rounds with the connections cut after each: {} batches sent"
              + " again, {} records in Kafka, {} distinct",
          record,
          ROUNDS,
          resent,
          records.size(),
          distinct.size());
      assertThat(resent).as("batches sent again after a cut").isPositive();
      assertThat(metrics.scrape())
          .contains(
              BatchProducer.BATCHES_METRIC
                  + "{component=\"agent\",attempt=\"again\"} "
                  + resent
                  + "\n");
      assertThat(distinct).hasSize((int) record);
      assertThat(records).as("records in Kafka: each once").hasSize((int) record);
    } finally {
      producer.close(Duration.ofSeconds(10));
      channel.close();
    }
  }
}
