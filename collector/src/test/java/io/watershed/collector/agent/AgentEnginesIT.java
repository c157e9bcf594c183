package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.append;
import static io.watershed.collector.agent.AgentTesting.assertExactlyOnce;
import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.config;
import static io.watershed.collector.agent.AgentTesting.header;
import static io.watershed.collector.agent.AgentTesting.lines;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same file through both engines, {@code batch} (the agent's own record batches) and {@code
 * client} (Kafka's producer): every line once, and the records alike header for header (all but the
 * read time), in file order per partition.
 */
class AgentEnginesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  /** Record by file offset: its value and headers, read_ts left out. */
  private Map<Long, String> produce(AgentConfig.KafkaEngine engine, List<String> written)
      throws Exception {
    String topic = kafka.createTopic("agent-engine-" + engine.name().toLowerCase());
    try (Agent agent =
        AgentTesting.start(
            config(
                    directory.resolve("state-" + engine),
                    kafka.bootstrap(),
                    source("app", topic, directory.resolve("*.log")))
                .withKafkaEngine(engine))) {
      await(
          "lines acknowledged",
          WAIT,
          () ->
              agent.status().path("counters").path("linesAcknowledged").asLong() >= written.size());
    }
    assertExactlyOnce(kafka, topic, written);
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, written.size(), WAIT);
    Map<Long, String> byOffset = new TreeMap<>();
    Map<Integer, Long> lastOffset = new HashMap<>();
    java.util.Set<String> fileIds = new java.util.HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      long offset = Long.parseLong(header(record, "file_offset"));
      Long before = lastOffset.put(record.partition(), offset);
      assertThat(before == null || before < offset)
          .as("file order in partition %d at %d", record.partition(), offset)
          .isTrue();
      assertThat(record.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
      long readTs = Long.parseLong(header(record, "read_ts"));
      assertThat(Math.abs(record.timestamp() - readTs)).as("timestamp vs read_ts").isLessThan(5000);
      assertThat(record.key()).isNull();
      List<String> headers = new ArrayList<>();
      for (Header header : record.headers()) {
        if (header.key().equals("file_id")) {
          // the id includes when this agent's state first saw the file: same per run
          fileIds.add(new String(header.value(), StandardCharsets.UTF_8));
          headers.add("file_id=<id>");
        } else if (!header.key().equals("read_ts")) {
          headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
      }
      byOffset.put(offset, new String(record.value(), StandardCharsets.UTF_8) + " " + headers);
    }
    assertThat(fileIds).as("file ids").hasSize(1);
    return byOffset;
  }

  @Test
  void bothEnginesWriteTheSameRecords() throws Exception {
    Path log = directory.resolve("app.log");
    List<String> written = new ArrayList<>(lines("engine", 0, 40_000));
    written.add("");
    written.add("ünïcødé " + "€".repeat(2000));
    append(log, written);

    Map<Long, String> batch = produce(AgentConfig.KafkaEngine.BATCH, written);
    Map<Long, String> client = produce(AgentConfig.KafkaEngine.CLIENT, written);

    assertThat(batch).hasSize(written.size());
    assertThat(batch.get(0L))
        .startsWith("engine-0  [agent=test-agent, host=")
        .contains("file_offset=0");
    assertThat(batch).isEqualTo(client);
  }
}
