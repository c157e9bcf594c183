package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.append;
import static io.watershed.collector.agent.AgentTesting.assertExactlyOnce;
import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.lines;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.watershed.collector.CollectorConfig;
import io.watershed.collector.KafkaBroker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Central configuration against a small fake of the monitor service's heartbeat contract: sources
 * added and removed mid-stream without losing or re-sending lines; the backend down.
 */
class AgentHeartbeatIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  /** The monitor service's heartbeat route: answers the config when the agent's version differs. */
  private static final class FakeBackend implements AutoCloseable {
    final HttpServer server;
    final List<JsonNode> heartbeats = new CopyOnWriteArrayList<>();
    volatile long version;
    volatile String config = "";

    FakeBackend() throws Exception {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/v1/agents/",
          exchange -> {
            byte[] answer;
            int status = 200;
            if (!"Bearer agent-token-0123456789"
                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
              status = 401;
              answer = "{}".getBytes(StandardCharsets.UTF_8);
            } else {
              JsonNode body = MAPPER.readTree(exchange.getRequestBody());
              heartbeats.add(body);
              ObjectNode reply = MAPPER.createObjectNode();
              reply.put("agentId", exchange.getRequestURI().getPath().split("/")[3]);
              reply.put("configVersion", version);
              if (body.path("configVersion").asLong() != version) {
                reply.put("configFormat", "yaml");
                reply.put("config", config);
              }
              answer = MAPPER.writeValueAsBytes(reply);
            }
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static String sourcesYaml(String topic, Path... directories) {
    StringBuilder yaml = new StringBuilder("agent:\n  sources:\n");
    for (Path directory : directories) {
      yaml.append("    - name: ")
          .append(directory.getFileName())
          .append("\n      paths: [")
          .append(directory.resolve("*.log"))
          .append("]\n      topic: ")
          .append(topic)
          .append('\n');
    }
    return yaml.toString();
  }

  private static long counter(Agent agent, String name) {
    return agent.status().path("counters").path(name).asLong();
  }

  @Test
  void configFromTheBackendAppliesWithoutRestartAndSurvivesItsOutage() throws Exception {
    String topic = kafka.createTopic("agent-config");
    Path first = Files.createDirectories(directory.resolve("first"));
    Path second = Files.createDirectories(directory.resolve("second"));
    List<String> written = new ArrayList<>();
    FakeBackend backend = new FakeBackend();
    AgentConfig config =
        new AgentConfig(
            "hb-agent",
            "web",
            directory.resolve("state"),
            List.of(source("first", topic, first.resolve("*.log"))),
            kafka.bootstrap(),
            64 * 1024,
            512 * 1024,
            8L * 1024 * 1024,
            Duration.ofMillis(50),
            backend.url(),
            "agent-token-0123456789",
            Duration.ofMillis(200),
            "127.0.0.1",
            -1);
    try (Agent agent = Agent.start(config, Map.of(), CollectorConfig::parseSources)) {
      List<String> lines = lines("first", 0, 5_000);
      append(first.resolve("a.log"), lines);
      written.addAll(lines);
      await("local sources read", WAIT, () -> counter(agent, "linesAcknowledged") >= 5_000);

      // version 1 adds a source mid-stream
      backend.config = sourcesYaml(topic, first, second);
      backend.version = 1;
      await("version 1 applied", WAIT, () -> agent.configVersion() == 1);
      List<String> both = lines("both-first", 0, 3_000);
      append(first.resolve("a.log"), both);
      written.addAll(both);
      List<String> added = lines("second", 0, 4_000);
      append(second.resolve("b.log"), added);
      written.addAll(added);
      await("both read", WAIT, () -> counter(agent, "linesAcknowledged") >= written.size());

      // version 2 removes the first source: its file is read to its end, then let go
      List<String> beforeRemoval = lines("before-removal", 0, 2_000);
      append(first.resolve("a.log"), beforeRemoval);
      written.addAll(beforeRemoval);
      backend.config = sourcesYaml(topic, second);
      backend.version = 2;
      await("version 2 applied", WAIT, () -> agent.configVersion() == 2);
      await("the removed source's file let go", WAIT, () -> counter(agent, "filesReleased") == 1);
      append(first.resolve("a.log"), lines("not-collected", 0, 100));

      JsonNode heartbeat = backend.heartbeats.get(backend.heartbeats.size() - 1);
      assertThat(heartbeat.path("group").asText()).isEqualTo("web");
      assertThat(heartbeat.path("host").asText()).isNotBlank();
      assertThat(heartbeat.path("status").path("sources").toString()).contains("second");
      assertThat(heartbeat.path("status").path("files").size()).isGreaterThanOrEqualTo(1);
      assertThat(heartbeat.path("status").has("lagBytes")).isTrue();

      // the backend goes away: the agent keeps version 2
      backend.close();
      List<String> whileDown = lines("backend-down", 0, 3_000);
      append(second.resolve("b.log"), whileDown);
      written.addAll(whileDown);
      await(
          "lines read while the backend is down",
          WAIT,
          () -> counter(agent, "linesAcknowledged") >= written.size());
      await("the heartbeat failure noticed", WAIT, () -> !agent.lastHeartbeatError().isEmpty());
      assertThat(agent.configVersion()).isEqualTo(2);
    }

    // restarted while the backend is still down: the last config from the backend applies
    try (Agent agent = Agent.start(config, Map.of(), CollectorConfig::parseSources)) {
      assertThat(agent.configVersion()).isEqualTo(2);
      assertThat(agent.sources()).extracting(SourceConfig::name).containsExactly("second");
      List<String> afterRestart = lines("after-restart", 0, 1_000);
      append(second.resolve("b.log"), afterRestart);
      written.addAll(afterRestart);
      await("lines after the restart", WAIT, () -> counter(agent, "linesAcknowledged") >= 1_000);
    }
    assertExactlyOnce(kafka, topic, written);
  }

  @Test
  void aTransformAddedMidStreamAppliesToTheLinesAfterIt() throws Exception {
    String topic = kafka.createTopic("agent-config-transform");
    Path logs = Files.createDirectories(directory.resolve("json"));
    FakeBackend backend = new FakeBackend();
    List<String> expected = new ArrayList<>();
    AgentConfig config =
        new AgentConfig(
            "hb-agent-2",
            "web",
            directory.resolve("state"),
            List.of(),
            kafka.bootstrap(),
            64 * 1024,
            512 * 1024,
            8L * 1024 * 1024,
            Duration.ofMillis(50),
            backend.url(),
            "agent-token-0123456789",
            Duration.ofMillis(200),
            "127.0.0.1",
            -1);
    String source =
        "sources:\n  - name: json\n    paths: [%s]\n    topic: %s\n"
            .formatted(logs.resolve("*.log"), topic);
    backend.config = source;
    backend.version = 1;
    try (Agent agent =
        Agent.start(config, Map.of(), document -> CollectorConfig.parseSources(document, 1024))) {
      await("version 1 applied", WAIT, () -> agent.configVersion() == 1);
      List<String> before = new ArrayList<>();
      for (int i = 0; i < 3_000; i++) {
        before.add("{\"n\":%d,\"secret\":\"s%d\",\"level\":\"info\"}".formatted(i, i));
      }
      append(logs.resolve("app.log"), before);
      expected.addAll(before);
      await("lines before the change", WAIT, () -> counter(agent, "linesAcknowledged") >= 3_000);

      // version 2: the same source, now dropping a field and renaming another
      backend.config =
          source
              + "    transforms:\n      - type: drop_fields\n        fields: [secret]\n"
              + "      - type: rename_fields\n        fields: [level:severity]\n";
      backend.version = 2;
      await("version 2 applied", WAIT, () -> agent.configVersion() == 2);
      List<String> after = new ArrayList<>();
      for (int i = 3_000; i < 6_000; i++) {
        after.add("{\"n\":%d,\"secret\":\"s%d\",\"level\":\"info\"}".formatted(i, i));
        expected.add("{\"n\":%d,\"severity\":\"info\"}".formatted(i));
      }
      append(logs.resolve("app.log"), after);
      await("lines after the change", WAIT, () -> counter(agent, "linesAcknowledged") >= 6_000);
      assertThat(agent.sources().get(0).processing().transforms()).hasSize(2);
    } finally {
      backend.close();
    }
    assertExactlyOnce(kafka, topic, expected);
  }
}
