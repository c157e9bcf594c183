package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.append;
import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.config;
import static io.watershed.collector.agent.AgentTesting.lines;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka stopped mid-stream and started again on the same port: nothing lost. */
class AgentKafkaOutageIT {
  private static final Logger LOG = LoggerFactory.getLogger(AgentKafkaOutageIT.class);
  private static final Duration WAIT = Duration.ofSeconds(120);

  @TempDir Path directory;

  private static long counter(Agent agent, String name) {
    return agent.status().path("counters").path(name).asLong();
  }

  @Test
  void kafkaStoppedThenBackLosesNothing() throws Exception {
    try (KafkaBroker kafka = KafkaBroker.start()) {
      String topic = kafka.createTopic("agent-outage");
      Path log = directory.resolve("app.log");
      List<String> written = new ArrayList<>();
      try (Agent agent =
          AgentTesting.start(
              config(
                  directory.resolve("state"),
                  kafka.bootstrap(),
                  source("app", topic, directory.resolve("*.log"))))) {
        List<String> before = lines("before", 0, 20_000);
        append(log, before);
        written.addAll(before);
        await("lines before the outage", WAIT, () -> counter(agent, "linesAcknowledged") >= 20_000);
        kafka.stopProcess();
        long outageStart = System.nanoTime();
        for (int second = 0; second < 15; second++) {
          List<String> during = lines("during" + second, 0, 5_000);
          append(log, during);
          written.addAll(during);
          Thread.sleep(1000);
        }
        long acknowledgedDuringOutage = counter(agent, "linesAcknowledged");
        assertThat(agent.status().path("inflightBytes").asLong())
            .as("reading paused at the in-flight budget")
            .isLessThanOrEqualTo(8L * 1024 * 1024);
        kafka.restart();
        LOG.info(
            "Kafka back after {} s; {} lines acknowledged while it was away",
            (System.nanoTime() - outageStart) / 1_000_000_000,
            acknowledgedDuringOutage - 20_000);
        List<String> after = lines("after", 0, 20_000);
        append(log, after);
        written.addAll(after);
        await(
            "every line acknowledged",
            WAIT,
            () -> counter(agent, "linesAcknowledged") >= written.size());
      }
      AgentTesting.Count count = AgentTesting.count(kafka, topic, written, WAIT);
      LOG.info(
          "Kafka outage: {} written, {} in Kafka, {} lost, {} duplicates",
          written.size(),
          count.received(),
          count.lost(),
          count.duplicates());
      assertThat(count.lost()).as("lines lost, e.g. %s", count.someLost()).isZero();
    }
  }
}
