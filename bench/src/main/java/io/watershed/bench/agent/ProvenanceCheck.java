package io.watershed.bench.agent;

import io.watershed.contracts.ProvenanceHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a sample of the agent's records (from the start, the middle and the end of each partition)
 * and checks each carries the provenance headers, names the input file, and holds exactly the
 * file's bytes at its {@code file_offset}, up to a newline.
 */
final class ProvenanceCheck {
  private static final List<String> HEADERS = ProvenanceHeaders.AGENT_HEADERS;
  private static final int PER_POSITION = 1000;

  private ProvenanceCheck() {}

  /** A one-line verdict, e.g. "6,000 sampled, all exact with 6 headers". */
  static Result check(String bootstrap, String topic, int partitions, Path file) {
    Map<String, Object> settings =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
            PER_POSITION,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ByteArrayDeserializer.class.getName());
    long sampled = 0;
    long bad = 0;
    String firstProblem = null;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int partition = 0; partition < partitions; partition++) {
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        consumer.assign(List.of(topicPartition));
        long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
        for (long start : new long[] {0, end / 2, Math.max(0, end - PER_POSITION)}) {
          consumer.seek(topicPartition, start);
          int read = 0;
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (read < PER_POSITION && start + read < end && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
              if (read++ >= PER_POSITION) {
                break;
              }
              sampled++;
              String problem = problem(record, file, channel);
              if (problem != null) {
                bad++;
                if (firstProblem == null) {
                  firstProblem = "partition %d offset %d: %s".formatted(partition, start, problem);
                }
              }
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Result(sampled, bad + 1, "Cannot check provenance: " + e);
    }
    return new Result(
        sampled,
        bad,
        bad == 0
            ? "%,d sampled records: every one has the %d headers and the file's exact bytes"
                .formatted(sampled, HEADERS.size())
            : "%,d of %,d sampled records wrong, first: %s".formatted(bad, sampled, firstProblem));
  }

  /** The check's outcome. */
  record Result(long sampled, long bad, String summary) {
    boolean passed() {
      return sampled > 0 && bad == 0;
    }
  }

  private static String problem(ConsumerRecord<byte[], byte[]> record, Path file, FileChannel in)
      throws IOException {
    for (String name : HEADERS) {
      Header header = record.headers().lastHeader(name);
      if (header == null || header.value() == null || header.value().length == 0) {
        return "no " + name + " header";
      }
    }
    String path = text(record, ProvenanceHeaders.PATH);
    if (!path.equals(file.toString())) {
      return "path " + path + " is not " + file;
    }
    long offset;
    try {
      offset = Long.parseLong(text(record, ProvenanceHeaders.FILE_OFFSET));
    } catch (NumberFormatException e) {
      return "file_offset " + text(record, ProvenanceHeaders.FILE_OFFSET) + " is not a number";
    }
    byte[] value = record.value() == null ? new byte[0] : record.value();
    ByteBuffer expected = ByteBuffer.allocate(value.length + 1);
    in.read(expected, offset);
    byte[] bytes = expected.array();
    if (!Arrays.equals(bytes, 0, value.length, value, 0, value.length)
        || bytes[value.length] != '\n') {
      return "value differs from the file at offset " + offset;
    }
    return null;
  }

  private static String text(ConsumerRecord<byte[], byte[]> record, String header) {
    return new String(record.headers().lastHeader(header).value(), StandardCharsets.UTF_8);
  }
}
