package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.append;
import static io.watershed.collector.agent.AgentTesting.assertExactlyOnce;
import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.config;
import static io.watershed.collector.agent.AgentTesting.lines;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.collector.KafkaBroker;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Offsets across restarts: graceful stop, inode reuse while stopped, kill -9 of a child agent. */
class AgentRestartIT {
  private static final Logger LOG = LoggerFactory.getLogger(AgentRestartIT.class);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  private static long acknowledged(Agent agent) {
    return agent.status().path("counters").path("linesAcknowledged").asLong();
  }

  @Test
  void gracefulRestartResumesExactlyFromTheOffsets() throws Exception {
    String topic = kafka.createTopic("agent-restart");
    Path log = directory.resolve("app.log");
    AgentConfig config =
        config(
            directory.resolve("state"),
            kafka.bootstrap(),
            source("app", topic, directory.resolve("*.log")));
    List<String> written = new ArrayList<>();
    for (int run = 0; run < 3; run++) {
      List<String> lines = lines("run" + run, 0, 10_000);
      try (Agent agent = AgentTesting.start(config)) {
        append(log, lines);
        written.addAll(lines);
        // stop while the next lines are being written and read
        Files.writeString(log, "half a line", StandardOpenOption.APPEND);
        await("some lines acknowledged", WAIT, () -> acknowledged(agent) > 0);
      }
      Files.writeString(log, " of run " + run + "\n", StandardOpenOption.APPEND);
      written.add("half a line of run " + run);
    }
    try (Agent agent = AgentTesting.start(config)) {
      await(
          "the rest acknowledged",
          WAIT,
          () -> agent.status().path("lagBytes").asLong() == 0 && acknowledged(agent) > 0);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void aFileRotatedAwayWhileStoppedIsFinishedOnStart() throws Exception {
    String topic = kafka.createTopic("agent-rotated-while-stopped");
    Path log = directory.resolve("app.log");
    AgentConfig config =
        config(
            directory.resolve("state"),
            kafka.bootstrap(),
            source("app", topic, directory.resolve("*.log")));
    List<String> written = new ArrayList<>(lines("seen", 0, 3_000));
    append(log, written);
    try (Agent agent = AgentTesting.start(config)) {
      await("first lines acknowledged", WAIT, () -> acknowledged(agent) >= 3_000);
    }
    // while the agent is stopped: more lines, then rotation by rename to a name no glob matches
    List<String> unseen = lines("unseen", 0, 2_000);
    append(log, unseen);
    written.addAll(unseen);
    Files.move(log, directory.resolve("app.log.1"));
    List<String> fresh = lines("fresh", 0, 1_000);
    append(log, fresh);
    written.addAll(fresh);
    try (Agent agent = AgentTesting.start(config)) {
      await("the rest acknowledged", WAIT, () -> acknowledged(agent) >= 3_000);
      await(
          "the rotated file let go",
          WAIT,
          () -> agent.status().path("counters").path("filesReleased").asLong() == 1);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void aReusedInodeWithOtherContentIsANewFile() throws Exception {
    String topic = kafka.createTopic("agent-reuse");
    Path log = directory.resolve("app.log");
    AgentConfig config =
        config(
            directory.resolve("state"),
            kafka.bootstrap(),
            source("app", topic, directory.resolve("*.log")));
    List<String> written = new ArrayList<>(lines("first", 0, 2_000));
    append(log, written);
    try (Agent agent = AgentTesting.start(config)) {
      await("first file acknowledged", WAIT, () -> acknowledged(agent) >= 2_000);
    }
    long inode = (Long) Files.getAttribute(log, "unix:ino");
    // same inode, other content and longer: only the fingerprint tells it is another file
    List<String> second = lines("second", 0, 3_000);
    try (OutputStream out = Files.newOutputStream(log, StandardOpenOption.TRUNCATE_EXISTING)) {
      AgentTesting.write(out, second);
    }
    assertThat((Long) Files.getAttribute(log, "unix:ino")).isEqualTo(inode);
    written.addAll(second);
    // and deleted then created again: the file system often hands out the same inode
    try (Agent agent = AgentTesting.start(config)) {
      await("second file acknowledged", WAIT, () -> acknowledged(agent) >= 3_000);
    }
    Files.delete(log);
    List<String> third = lines("third", 0, 1_500);
    append(log, third);
    written.addAll(third);
    LOG.info("inode before delete {}, after create {}", inode, Files.getAttribute(log, "unix:ino"));
    try (Agent agent = AgentTesting.start(config)) {
      await("third file acknowledged", WAIT, () -> acknowledged(agent) >= 1_500);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void killMinus9MidStreamLosesNothing() throws Exception {
    String topic = kafka.createTopic("agent-kill");
    Path logs = Files.createDirectories(directory.resolve("logs"));
    Path yaml = directory.resolve("agent.yaml");
    Files.writeString(
        yaml,
        """
        intake:
          enabled: false
        agent:
          id: killed-agent
          state-dir: %s
          bootstrap-servers: %s
          poll-interval: 50ms
          http-port: 0
          sources:
            - name: app
              paths: [%s]
              topic: %s
        """
            .formatted(
                directory.resolve("state"), kafka.bootstrap(), logs.resolve("*.log"), topic));
    Path log = logs.resolve("app.log");
    List<String> written = new ArrayList<>();
    Process agent = startChild(yaml, directory.resolve("child-1.log"));
    try (OutputStream out = Files.newOutputStream(log)) {
      for (int batch = 0; batch < 40; batch++) {
        List<String> lines = lines("kill", batch * 5_000, (batch + 1) * 5_000);
        AgentTesting.write(out, lines);
        out.flush();
        written.addAll(lines);
        if (batch == 20) {
          Path offsets = directory.resolve("state/offsets.json");
          await("the child agent committed offsets", WAIT, () -> committed(offsets) > 0);
          agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL
          LOG.info(
              "agent killed after {} lines written, {} bytes committed",
              written.size(),
              committed(offsets));
          agent = startChild(yaml, directory.resolve("child-2.log"));
        }
        Thread.sleep(20);
      }
    }
    try {
      AgentTesting.Count count = AgentTesting.count(kafka, topic, written, Duration.ofSeconds(120));
      LOG.info(
          "kill -9: {} lines written, {} in Kafka, {} lost, {} duplicates",
          written.size(),
          count.received(),
          count.lost(),
          count.duplicates());
      assertThat(count.lost()).as("lines lost, e.g. %s", count.someLost()).isZero();
    } finally {
      agent.destroy();
      agent.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** The committed offset of the one file in the offsets file, 0 while there is none. */
  private static long committed(Path offsets) {
    try {
      JsonNode entries = new ObjectMapper().readTree(offsets.toFile());
      return entries.size() == 0 ? 0 : entries.get(0).path("offset").asLong();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static Process startChild(Path yaml, Path output) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            "io.watershed.collector.CollectorMain",
            "run",
            yaml.toString());
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }
}
