package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 2 GB file (10M lines of 200 B, each with its counter) read into Kafka; a consumer checks every
 * counter arrived, and how many times. The file is deleted after, the broker and its data too.
 */
class AgentLargeFileIT {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLargeFileIT.class);
  private static final int LINES = Integer.getInteger("agent.large.lines", 10_000_000);
  private static final int LINE_BYTES = 200;
  private static final Duration WAIT = Duration.ofMinutes(5);

  /** A broker of its own: the 2 GB go with it, the shared broker of the other ITs stays light. */
  private KafkaBroker kafka;

  @TempDir Path directory;

  /** Lines {@code %010d} + padding, 200 B with the newline, written 1 MiB at a time. */
  private static void write(Path file) throws Exception {
    byte[] line = new byte[LINE_BYTES];
    java.util.Arrays.fill(line, (byte) 'x');
    line[10] = ' ';
    line[LINE_BYTES - 1] = '\n';
    ByteBuffer buffer = ByteBuffer.allocateDirect(LINE_BYTES * 5_000);
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < LINES; i++) {
        int value = i;
        for (int digit = 9; digit >= 0; digit--) {
          line[digit] = (byte) ('0' + value % 10);
          value /= 10;
        }
        buffer.put(line);
        if (!buffer.hasRemaining()) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            out.write(buffer);
          }
          buffer.clear();
        }
      }
      buffer.flip();
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
  }

  /** Reads the topic until every counter arrived; returns [distinct, duplicates, malformed]. */
  private long[] consume(String topic, long deadlineNanos) {
    BitSet seen = new BitSet(LINES);
    long distinct = 0;
    long duplicates = 0;
    long malformed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                20_000,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                64 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                16 * 1024 * 1024))) {
      List<TopicPartition> partitions =
          List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long quietSince = System.nanoTime();
      while (System.nanoTime() < deadlineNanos) {
        int polled = 0;
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          polled++;
          byte[] value = record.value();
          int counter = 0;
          boolean valid = value.length == LINE_BYTES - 1;
          for (int i = 0; i < 10 && valid; i++) {
            valid = value[i] >= '0' && value[i] <= '9';
            counter = counter * 10 + (value[i] - '0');
          }
          if (!valid || counter >= LINES) {
            malformed++;
          } else if (seen.get(counter)) {
            duplicates++;
          } else {
            seen.set(counter);
            distinct++;
          }
        }
        if (polled > 0) {
          quietSince = System.nanoTime();
        }
        // done once every counter arrived and nothing more came for 2 s (late duplicates)
        if (distinct == LINES && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(2)) {
          break;
        }
      }
    }
    return new long[] {distinct, duplicates, malformed};
  }

  @Test
  void twoGigabyteFileArrivesWhole() throws Exception {
    kafka = KafkaBroker.start();
    String topic = kafka.createTopic("agent-large");
    Path log = directory.resolve("large.log");
    long start = System.nanoTime();
    try {
      write(log);
      long written = System.nanoTime();
      long bytes = Files.size(log);
      assertThat(bytes).isEqualTo((long) LINES * LINE_BYTES);
      long deadline = System.nanoTime() + WAIT.toNanos();
      CompletableFuture<long[]> consumed =
          CompletableFuture.supplyAsync(() -> consume(topic, deadline));
      AgentConfig config =
          new AgentConfig(
              "test-agent",
              "default",
              directory.resolve("state"),
              List.of(source("large", topic, log)),
              kafka.bootstrap(),
              1024 * 1024,
              512 * 1024,
              64L * 1024 * 1024,
              Duration.ofMillis(50),
              "",
              "",
              Duration.ofSeconds(1),
              "127.0.0.1",
              -1);
      long sent;
      try (Agent agent = AgentTesting.start(config)) {
        await(
            "every line acknowledged",
            WAIT,
            () -> agent.status().path("counters").path("linesAcknowledged").asLong() >= LINES);
        sent = System.nanoTime();
      }
      long[] result = consumed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      long done = System.nanoTime();
      LOG.info(
          "2 GB file: {} lines, {} bytes written in {} s, in Kafka after {} s more ({} MB/s),"
              + " all consumed after {} s in total; {} distinct, {} duplicates, {} malformed",
          LINES,
          bytes,
          (written - start) / 1_000_000_000.0,
          (sent - written) / 1_000_000_000.0,
          bytes / ((sent - written) / 1e9) / 1e6,
          (done - start) / 1_000_000_000.0,
          result[0],
          result[1],
          result[2]);
      assertThat(result[0]).as("distinct counters (lost: %d)", LINES - result[0]).isEqualTo(LINES);
      assertThat(result[1]).as("duplicates").isZero();
      assertThat(result[2]).as("malformed").isZero();
    } finally {
      Files.deleteIfExists(log);
      kafka.close();
    }
  }
}
