package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.config;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.collector.KafkaBroker;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quick throughput check of the agent: one file of about 200-byte lines into the real broker,
 * with and without processing (a bench: it prints lines/s; it asserts only that every record the
 * agent counted arrived). {@code -Dagent.bench.lines=N} sets the lines per case.
 */
class AgentThroughputIT {
  private static final int LINES = Integer.getInteger("agent.bench.lines", 300_000);
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final String PADDING = "p".repeat(150);
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  private static Processing processing(
      Optional<Processing.Multiline> multiline,
      String include,
      String exclude,
      double rate,
      List<Processing.Transform> transforms) {
    return new Processing(multiline, include, exclude, rate, OptionalLong.of(1), transforms, 0);
  }

  @Test
  void passThrough() throws Exception {
    run(
        "pass-through",
        Processing.NONE,
        i -> "2026-11-22T06:30:00.000Z INFO bench line " + i + " " + PADDING);
  }

  @Test
  void filtersAndSampling() throws Exception {
    run(
        "include + exclude regex, sample 0.5",
        processing(Optional.empty(), " (INFO|WARN) ", "healthcheck", 0.5, List.of()),
        i -> "2026-11-22T06:30:00.000Z INFO bench line " + i + " " + PADDING);
  }

  @Test
  void multilineJoining() throws Exception {
    run(
        "multiline, 4 lines a record",
        processing(
            Optional.of(
                new Processing.Multiline("^\\d{4}-", 500, 64 * 1024, Duration.ofMillis(200))),
            "",
            "",
            1.0,
            List.of()),
        i ->
            i % 4 == 0
                ? "2026-11-22T06:30:00.000Z ERROR bench line " + i + " " + PADDING
                : "\tat io.example.Bench.frame" + i + "(Bench.java:" + i + ") " + PADDING);
  }

  @Test
  void jsonTransforms() throws Exception {
    run(
        "drop_fields + rename_fields on JSON",
        processing(
            Optional.empty(),
            "",
            "",
            1.0,
            List.of(
                new Processing.Transform(
                    "drop", Processing.TransformType.DROP_FIELDS, List.of("pad"), Map.of()),
                new Processing.Transform(
                    "rename",
                    Processing.TransformType.RENAME_FIELDS,
                    List.of(),
                    Map.of("n", "number")))),
        i ->
            "{\"ts\":\"2026-11-22T06:30:00.000Z\",\"level\":\"INFO\",\"n\":"
                + i
                + ",\"pad\":\""
                + PADDING
                + "\"}");
  }

  private void run(String label, Processing processing, IntFunction<String> line) throws Exception {
    String topic = kafka.createTopic("agent-bench");
    Path log = directory.resolve("bench.log");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(log), 1 << 20)) {
      for (int i = 0; i < LINES; i++) {
        out.write((line.apply(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    long bytes = Files.size(log);
    long start = System.nanoTime();
    JsonNode counters;
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("b", topic, processing, log)))) {
      await(
          "every line decided",
          WAIT,
          () -> {
            JsonNode status = agent.status();
            return status.path("filesTotal").asLong() == 1
                && status.path("lagBytes").asLong() == 0
                && status.path("inflightBytes").asLong() == 0;
          });
      counters = agent.status().path("counters");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "| agent %s | %,d lines | %.1f s | %,.0f lines/s | %.1f MB/s |%n",
        label, LINES, seconds, LINES / seconds, bytes / seconds / 1e6);
    assertThat(endOffsets(topic)).isEqualTo(counters.path("linesAcknowledged").asLong());
    assertThat(counters.path("sendErrors").asLong()).isZero();
  }

  private long endOffsets(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()))) {
      return consumer
          .endOffsets(List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1)))
          .values()
          .stream()
          .mapToLong(Long::longValue)
          .sum();
    }
  }
}
