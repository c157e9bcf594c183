package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.append;
import static io.watershed.collector.agent.AgentTesting.assertExactlyOnce;
import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.config;
import static io.watershed.collector.agent.AgentTesting.lines;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.watershed.collector.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A source whose topic does not exist, with the default (batch) engine: created where the broker
 * allows it, as Kafka's own producer would; otherwise the cause is logged once, not a bare retry
 * message every {@code max.block.ms}.
 */
class AgentMissingTopicIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  @Test
  void aMissingTopicIsCreatedWhereTheBrokerAllowsIt() throws Exception {
    // the test broker runs with auto.create.topics.enable=true
    String topic = "agent-new-topic-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> written = lines("new-topic", 0, 1000);
    append(directory.resolve("app.log"), written);

    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, directory.resolve("*.log"))))) {
      await(
          "lines acknowledged",
          WAIT,
          () ->
              agent.status().path("counters").path("linesAcknowledged").asLong() >= written.size());
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void aTopicTheBrokerDoesNotCreateIsNamedOnceInTheLog() throws Exception {
    String topic = "agent-missing-topic-" + UUID.randomUUID().toString().substring(0, 8);
    append(directory.resolve("app.log"), lines("missing", 0, 10));
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logged);
    try (KafkaBroker strict = KafkaBroker.start(Map.of("auto.create.topics.enable", "false"));
        Agent agent =
            Agent.start(
                config(
                    directory.resolve("state"),
                    strict.bootstrap(),
                    source("app", topic, directory.resolve("*.log"))),
                Map.of("max.block.ms", "300"),
                document -> List.of())) {
      // several max.block.ms periods, each a retry of the same line
      await(
          "retries",
          WAIT,
          () ->
              agent.status().path("counters").path("sendErrors").asLong() >= 5
                  || warnings(logged, "Cannot hand a line").size() > 1);
    } finally {
      root.detachAppender(logged);
    }

    assertThat(warnings(logged, "Cannot send lines to Kafka"))
        .containsExactly(
            ("Cannot send lines to Kafka: topic %s does not exist and the broker does not create"
                    + " topics (auto.create.topics.enable=false): create it; retrying until it is"
                    + " there")
                .formatted(topic));
    List<String> retries = warnings(logged, "Cannot hand a line");
    assertThat(retries).hasSize(1);
    assertThat(retries.get(0)).contains("topic " + topic + " does not exist");
  }

  private static List<String> warnings(ListAppender<ILoggingEvent> logged, String containing) {
    synchronized (logged.list) {
      return logged.list.stream()
          .filter(event -> event.getLevel() == Level.WARN)
          .map(ILoggingEvent::getFormattedMessage)
          .filter(message -> message.contains(containing))
          .toList();
    }
  }
}
