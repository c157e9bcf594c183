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

/** Kafka stopped for 30 s mid-stream and started again on the same port: nothing lost. */
class AgentKafkaOutageIT {
  private static final Logger LOG = LoggerFactory.getLogger(AgentKafkaOutageIT.class);
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @TempDir Path directory;

  private static long counter(Agent agent, String name) {
    return agent.status().path("counters").path(name).asLong();
  }

  private static boolean brokerAnswers(String bootstrap) {
    String[] hostPort = bootstrap.split(":");
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
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
        assertThat(brokerAnswers(kafka.bootstrap())).as("broker port open after stop").isFalse();
        int second = 0;
        while (System.nanoTime() - outageStart < OUTAGE.toNanos()) {
          List<String> during = lines("during" + second++, 0, 2_500);
          append(log, during);
          written.addAll(during);
          Thread.sleep(1000);
        }
        long acknowledgedDuringOutage = counter(agent, "linesAcknowledged") - 20_000;
        assertThat(brokerAnswers(kafka.bootstrap())).as("broker port open during outage").isFalse();
        assertThat(agent.status().path("inflightBytes").asLong())
            .as("reading paused at the in-flight budget")
            .isLessThanOrEqualTo(8L * 1024 * 1024);
        long downNanos = System.nanoTime() - outageStart;
        assertThat(downNanos).as("outage").isGreaterThanOrEqualTo(OUTAGE.toNanos());
        kafka.restart();
        LOG.info(
            "Kafka back after {} s down ({} s with restart); {} lines acknowledged while it was"
                + " away",
            downNanos / 1_000_000_000.0,
            (System.nanoTime() - outageStart) / 1_000_000_000.0,
            acknowledgedDuringOutage);
        assertThat(acknowledgedDuringOutage).as("acknowledged while Kafka was down").isZero();
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
