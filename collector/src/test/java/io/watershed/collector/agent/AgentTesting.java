package io.watershed.collector.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shared pieces of the agent ITs: configs, writers, exact counts of what Kafka holds. */
final class AgentTesting {
  private static final Logger LOG = LoggerFactory.getLogger(AgentTesting.class);

  private AgentTesting() {}

  static AgentConfig config(Path state, String bootstrap, SourceConfig... sources) {
    return new AgentConfig(
        "test-agent",
        "default",
        state,
        List.of(sources),
        bootstrap,
        64 * 1024,
        512 * 1024,
        8L * 1024 * 1024,
        Duration.ofMillis(50),
        "",
        "",
        Duration.ofSeconds(1),
        "127.0.0.1",
        0);
  }

  static SourceConfig source(String name, String topic, Path... globs) {
    List<String> paths = new ArrayList<>();
    for (Path glob : globs) {
      paths.add(glob.toAbsolutePath().toString());
    }
    return new SourceConfig(name, paths, topic);
  }

  /** A source with processing. */
  static SourceConfig source(String name, String topic, Processing processing, Path... globs) {
    SourceConfig plain = source(name, topic, globs);
    return new SourceConfig(name, plain.paths(), topic, processing);
  }

  static Agent start(AgentConfig config) {
    return Agent.start(config, Map.of(), document -> List.of());
  }

  /** Lines {@code prefix-from} .. {@code prefix-(to-1)}, each with a newline. */
  static List<String> lines(String prefix, int from, int to) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      lines.add(prefix + "-" + i + " " + "x".repeat(i % 50));
    }
    return lines;
  }

  static void append(Path file, List<String> lines) throws IOException {
    try (OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      write(out, lines);
    }
  }

  static void write(OutputStream out, List<String> lines) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
      if (text.length() > 64 * 1024) {
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        text.setLength(0);
      }
    }
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** What the topic holds, compared with the lines written. */
  record Count(int expected, int received, int lost, int duplicates, List<String> someLost) {}

  static Count count(KafkaBroker kafka, String topic, List<String> expected, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, expected.size(), timeout);
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      seen.merge(new String(record.value(), StandardCharsets.UTF_8), 1, Integer::sum);
    }
    int lost = 0;
    int duplicates = 0;
    List<String> someLost = new ArrayList<>();
    Map<String, Integer> wanted = new HashMap<>();
    expected.forEach(line -> wanted.merge(line, 1, Integer::sum));
    for (Map.Entry<String, Integer> entry : wanted.entrySet()) {
      int got = seen.getOrDefault(entry.getKey(), 0);
      if (got < entry.getValue()) {
        lost += entry.getValue() - got;
        if (someLost.size() < 5) {
          someLost.add(entry.getKey());
        }
      } else {
        duplicates += got - entry.getValue();
      }
    }
    int unexpected = 0;
    for (String line : seen.keySet()) {
      if (!wanted.containsKey(line)) {
        unexpected += seen.get(line);
      }
    }
    assertThat(unexpected).as("records that were never written as lines").isZero();
    Count count = new Count(expected.size(), records.size(), lost, duplicates, someLost);
    LOG.info("topic {}: {}", topic, count);
    return count;
  }

  /** Asserts 0 lost and 0 duplicates. */
  static void assertExactlyOnce(KafkaBroker kafka, String topic, List<String> expected) {
    Count count = count(kafka, topic, expected, Duration.ofSeconds(60));
    assertThat(count.lost()).as("lines lost, e.g. %s", count.someLost()).isZero();
    assertThat(count.duplicates()).as("duplicate lines").isZero();
    assertThat(count.received()).isEqualTo(expected.size());
  }

  static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
