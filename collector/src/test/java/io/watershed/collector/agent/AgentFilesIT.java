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
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files, a real broker: each case ends with an exact count of the lines in Kafka. */
class AgentFilesIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  private long acknowledged(Agent agent) {
    return agent.status().path("counters").path("linesAcknowledged").asLong();
  }

  @Test
  void appendAtSpeedWithProvenanceHeaders() throws Exception {
    String topic = kafka.createTopic("agent-append");
    Path log = directory.resolve("logs/app.log");
    Files.createDirectories(log.getParent());
    List<String> written = new ArrayList<>();
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, directory.resolve("logs/*.log"))))) {
      try (OutputStream out = Files.newOutputStream(log)) {
        for (int batch = 0; batch < 20; batch++) {
          List<String> lines = lines("append", batch * 10_000, (batch + 1) * 10_000);
          AgentTesting.write(out, lines);
          out.flush();
          written.addAll(lines);
        }
      }
      await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
      // the committed offsets (and so the lag) follow the acknowledgements at the next scan
      await("no lag", WAIT, () -> agent.status().path("lagBytes").asLong() == 0);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + "/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"up\"").contains("\"lagBytes\":0");
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body())
          .contains("watershed_agent_sent_events_total 200000.0")
          .contains("watershed_agent_received_events_total 200000.0")
          .contains("watershed_agent_files 1.0");
    }
    assertExactlyOnce(kafka, topic, written);
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, written.size(), WAIT);
    ConsumerRecord<byte[], byte[]> first =
        records.stream()
            .filter(r -> new String(r.value(), StandardCharsets.UTF_8).equals(written.get(1)))
            .findFirst()
            .orElseThrow();
    assertThat(header(first, "agent")).isEqualTo("test-agent");
    assertThat(header(first, "host")).isNotBlank();
    assertThat(header(first, "path")).isEqualTo(log.toAbsolutePath().toString());
    assertThat(header(first, "file_id")).matches("\\d+:\\d+:[0-9a-f]+");
    assertThat(header(first, "file_offset")).isEqualTo(String.valueOf(written.get(0).length() + 1));
    assertThat(Long.parseLong(header(first, "read_ts")))
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(120_000L));
  }

  @Test
  void renameRotationFinishesTheOldFile() throws Exception {
    String topic = kafka.createTopic("agent-rotate");
    Path log = directory.resolve("app.log");
    List<String> written = new ArrayList<>();
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, directory.resolve("*.log"))))) {
      for (int generation = 0; generation < 3; generation++) {
        try (OutputStream out = Files.newOutputStream(log)) {
          List<String> lines = lines("rotate" + generation, 0, 20_000);
          AgentTesting.write(out, lines);
          out.flush();
          written.addAll(lines);
          // rotated names are not matched here: the agent must have seen the file before
          await("the file seen", WAIT, () -> acknowledged(agent) > written.size() - 20_000);
          Files.move(log, directory.resolve("app.log." + generation));
          // the writer goes on writing into the renamed file until it reopens
          List<String> late = lines("late" + generation, 0, 500);
          AgentTesting.write(out, late);
          written.addAll(late);
        }
      }
      await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void fastRotationWithRotatedNamesMatched() throws Exception {
    String topic = kafka.createTopic("agent-fast-rotate");
    Path log = directory.resolve("app.log");
    List<String> written = new ArrayList<>();
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, directory.resolve("app.log*"))))) {
      for (int generation = 0; generation < 10; generation++) {
        try (OutputStream out = Files.newOutputStream(log)) {
          List<String> lines = lines("fast" + generation, 0, 5_000);
          AgentTesting.write(out, lines);
          written.addAll(lines);
          Files.move(log, directory.resolve("app.log." + generation));
          List<String> late = lines("fast-late" + generation, 0, 100);
          AgentTesting.write(out, late);
          written.addAll(late);
        }
      }
      await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void copyTruncateAndTruncationToZeroReadAgainFromTheStart() throws Exception {
    String topic = kafka.createTopic("agent-truncate");
    Path log = directory.resolve("app.log");
    List<String> written = new ArrayList<>();
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, directory.resolve("*.log"))))) {
      for (int round = 0; round < 3; round++) {
        List<String> lines = lines("copytruncate" + round, 0, 5_000);
        append(log, lines);
        written.addAll(lines);
        await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
        Files.copy(log, directory.resolve("app.log." + round), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
          channel.truncate(0);
        }
        // more than was there before, so only the first bytes tell the truncation
        List<String> after = lines("after" + round, 0, round == 1 ? 100 : 8_000);
        append(log, after);
        written.addAll(after);
        await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
      }
      assertThat(agent.status().path("counters").path("truncations").asLong()).isEqualTo(3);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void fileDeletedWhileReadIsReadToItsEnd() throws Exception {
    String topic = kafka.createTopic("agent-delete");
    Path log = directory.resolve("big.log");
    List<String> written = lines("deleted", 0, 300_000);
    append(log, written);
    AgentConfig config =
        config(
            directory.resolve("state"),
            kafka.bootstrap(),
            source("app", topic, directory.resolve("*.log")));
    // a small in-flight budget keeps the agent reading while the file is deleted
    config =
        new AgentConfig(
            config.id(),
            config.group(),
            config.stateDirectory(),
            config.sources(),
            config.bootstrapServers(),
            4096,
            16 * 1024,
            64 * 1024,
            config.pollInterval(),
            "",
            "",
            config.heartbeatInterval(),
            "127.0.0.1",
            -1);
    try (Agent agent = AgentTesting.start(config)) {
      await("the first line acknowledged", WAIT, () -> acknowledged(agent) > 0);
      Files.delete(log);
      await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
      await(
          "the deleted file let go",
          WAIT,
          () -> agent.status().path("counters").path("filesReleased").asLong() == 1);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void thousandFilesInOneDirectory() throws Exception {
    String topic = kafka.createTopic("agent-many");
    List<String> written = new ArrayList<>();
    for (int file = 0; file < 1000; file++) {
      List<String> lines = lines("file" + file, 0, 20);
      // long names: the status would pass the monitor's 256 KiB if every file were listed
      append(directory.resolve("f" + file + "-" + "n".repeat(200) + ".log"), lines);
      written.addAll(lines);
    }
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, directory.resolve("*.log"))))) {
      await("every line acknowledged", WAIT, () -> acknowledged(agent) >= written.size());
      await("every offset committed", WAIT, () -> agent.status().path("lagBytes").asLong() == 0);
      var status = agent.status();
      assertThat(status.path("filesTotal").asInt()).isEqualTo(1000);
      assertThat(status.path("files").size())
          .isEqualTo(status.path("filesListed").asInt())
          .isBetween(100, 999);
      assertThat(AgentStatus.bytes(status)).isLessThanOrEqualTo(AgentStatus.LIMIT_BYTES);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void longLinesAreSplitAndBytesPassUnchanged() throws Exception {
    String topic = kafka.createTopic("agent-lines");
    Path log = directory.resolve("app.log");
    AgentConfig base =
        config(
            directory.resolve("state"),
            kafka.bootstrap(),
            source("app", topic, directory.resolve("*.log")));
    AgentConfig config =
        new AgentConfig(
            base.id(),
            base.group(),
            base.stateDirectory(),
            base.sources(),
            base.bootstrapServers(),
            1024,
            64 * 1024,
            1024 * 1024,
            base.pollInterval(),
            "",
            "",
            base.heartbeatInterval(),
            "127.0.0.1",
            -1);
    byte[] longLine = "L".repeat(200 * 1024).getBytes(StandardCharsets.US_ASCII);
    byte[] invalidUtf8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, '\r'};
    try (Agent agent = AgentTesting.start(config)) {
      try (OutputStream out = Files.newOutputStream(log)) {
        out.write("before\n".getBytes(StandardCharsets.US_ASCII));
        out.write(longLine);
        out.write('\n');
        out.write(invalidUtf8);
        out.write('\n');
        out.write("held without newline".getBytes(StandardCharsets.US_ASCII));
      }
      await("four pieces and two lines", WAIT, () -> acknowledged(agent) >= 6);
      Thread.sleep(500);
      assertThat(acknowledged(agent)).as("the last line is held until its newline").isEqualTo(6);
      Files.writeString(log, ", now ended\n", StandardOpenOption.APPEND);
      await("the held line", WAIT, () -> acknowledged(agent) >= 7);
      Files.writeString(log, "last words", StandardOpenOption.APPEND);
      Thread.sleep(300);
      Files.move(log, directory.resolve("app.log.1"));
      await("the last line of a file let go", WAIT, () -> acknowledged(agent) >= 8);
      assertThat(agent.status().path("counters").path("linesSplit").asLong()).isEqualTo(3);
      assertThat(agent.status().path("counters").path("partialLinesFlushed").asLong()).isEqualTo(1);
    }
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, 8, WAIT);
    assertThat(records).hasSize(8);
    records.sort(
        (a, b) ->
            Long.compare(
                Long.parseLong(header(a, "file_offset")),
                Long.parseLong(header(b, "file_offset"))));
    assertThat(new String(records.get(0).value(), StandardCharsets.US_ASCII)).isEqualTo("before");
    assertThat(records.subList(1, 5))
        .extracting(record -> record.value().length)
        .containsExactly(64 * 1024, 64 * 1024, 64 * 1024, 8 * 1024);
    assertThat(records.subList(1, 5))
        .extracting(record -> header(record, "file_offset"))
        .containsExactly(
            "7", String.valueOf(7 + 65536), String.valueOf(7 + 131072), String.valueOf(7 + 196608));
    assertThat(records.get(5).value()).isEqualTo(invalidUtf8);
    assertThat(new String(records.get(6).value(), StandardCharsets.US_ASCII))
        .isEqualTo("held without newline, now ended");
    assertThat(new String(records.get(7).value(), StandardCharsets.US_ASCII))
        .isEqualTo("last words");
    assertThat(Arrays.equals(records.get(5).value(), invalidUtf8)).isTrue();
  }
}
