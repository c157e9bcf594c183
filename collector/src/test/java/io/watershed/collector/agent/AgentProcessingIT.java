package io.watershed.collector.agent;

import static io.watershed.collector.agent.AgentTesting.append;
import static io.watershed.collector.agent.AgentTesting.assertExactlyOnce;
import static io.watershed.collector.agent.AgentTesting.await;
import static io.watershed.collector.agent.AgentTesting.config;
import static io.watershed.collector.agent.AgentTesting.header;
import static io.watershed.collector.agent.AgentTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A source's processing on real files into the real broker: each case counts Kafka's records. */
class AgentProcessingIT {
  private static final Logger LOG = LoggerFactory.getLogger(AgentProcessingIT.class);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final KafkaBroker kafka = KafkaBroker.shared();

  @TempDir Path directory;

  private static long counter(Agent agent, String name) {
    return agent.status().path("counters").path(name).asLong();
  }

  /** Every file followed was decided to its end (sent and acknowledged, or dropped). */
  private static boolean caughtUp(Agent agent) {
    var status = agent.status();
    return status.path("filesTotal").asLong() > 0
        && status.path("lagBytes").asLong() == 0
        && status.path("inflightBytes").asLong() == 0;
  }

  private static Processing processing(
      Optional<Processing.Multiline> multiline,
      String include,
      String exclude,
      double rate,
      OptionalLong seed,
      List<Processing.Transform> transforms,
      long rateLimit) {
    return new Processing(multiline, include, exclude, rate, seed, transforms, rateLimit);
  }

  /** A Java-style log record: a start line, then {@code i % 5} stack lines. */
  private static List<String> stackRecord(int i) {
    List<String> lines = new ArrayList<>();
    lines.add("2026-11-22 06:30:%02d ERROR request %d failed".formatted(i % 60, i));
    if (i % 5 > 0) {
      lines.add("java.lang.IllegalStateException: record " + i);
    }
    for (int frame = 1; frame < i % 5; frame++) {
      lines.add("\tat io.example.Service.call" + frame + "(Service.java:" + (i + frame) + ")");
    }
    return lines;
  }

  @Test
  void multilineJoinsStackTracesAcrossARestart() throws Exception {
    String topic = kafka.createTopic("agent-multiline");
    Path log = directory.resolve("app.log");
    Path state = directory.resolve("state");
    List<String> expected = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      lines.addAll(stackRecord(i));
      expected.add(String.join("\n", stackRecord(i)));
    }
    // record 1000 is half written when the agent stops: held, not committed
    List<String> split = stackRecord(1004);
    lines.addAll(split.subList(0, 2));
    append(log, lines);
    Processing held =
        processing(
            Optional.of(new Processing.Multiline("^\\d{4}-", 500, 64 * 1024, Duration.ofHours(1))),
            "",
            "",
            1.0,
            OptionalLong.empty(),
            List.of(),
            0);
    try (Agent agent =
        AgentTesting.start(config(state, kafka.bootstrap(), source("app", topic, held, log)))) {
      await("1000 records", WAIT, () -> counter(agent, "linesAcknowledged") >= 1000);
      Thread.sleep(300);
      assertThat(counter(agent, "linesRead")).as("the half record is held").isEqualTo(1000);
    }
    List<String> rest = new ArrayList<>(split.subList(2, split.size()));
    expected.add(String.join("\n", split));
    for (int i = 1001; i < 2000; i++) {
      rest.addAll(stackRecord(i));
      expected.add(String.join("\n", stackRecord(i)));
    }
    append(log, rest);
    Processing flushing =
        processing(
            Optional.of(
                new Processing.Multiline("^\\d{4}-", 500, 64 * 1024, Duration.ofMillis(300))),
            "",
            "",
            1.0,
            OptionalLong.empty(),
            List.of(),
            0);
    try (Agent agent =
        AgentTesting.start(config(state, kafka.bootstrap(), source("app", topic, flushing, log)))) {
      // the last record is sent by the flush timeout: its file stays quiet
      await("1000 more records", WAIT, () -> counter(agent, "linesAcknowledged") >= 1000);
      await("no lag", WAIT, () -> caughtUp(agent));
      assertThat(counter(agent, "recordsJoined")).isEqualTo(801);
    }
    assertExactlyOnce(kafka, topic, expected);
  }

  @Test
  void filtersDropLinesAndTheirOffsetsStillAdvance() throws Exception {
    String topic = kafka.createTopic("agent-filters");
    Path log = directory.resolve("app.log");
    List<String> lines = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    String[] levels = {"DEBUG", "INFO", "WARN", "ERROR"};
    for (int i = 0; i < 10_000; i++) {
      String line = levels[i % 4] + " " + (i % 7 == 0 ? "GET /healthcheck" : "request " + i);
      lines.add(line);
      if ((line.startsWith("WARN") || line.startsWith("ERROR")) && !line.contains("healthcheck")) {
        expected.add(line);
      }
    }
    append(log, lines);
    Processing filters =
        processing(
            Optional.empty(),
            "^(WARN|ERROR) ",
            "/healthcheck\\b",
            1.0,
            OptionalLong.empty(),
            List.of(),
            0);
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, filters, log)))) {
      await("every line decided", WAIT, () -> caughtUp(agent));
      assertThat(counter(agent, "filteredOut")).isEqualTo(10_000 - expected.size());
      String metrics =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + agent.httpPort() + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("watershed_agent_discarded_events_total{reason=\"filter_include\"} 5000.0")
          .contains(
              "watershed_agent_discarded_events_total{reason=\"filter_exclude\"} "
                  + (5000 - expected.size())
                  + ".0");
    }
    assertExactlyOnce(kafka, topic, expected);
  }

  @Test
  void samplingWithASeedKeepsItsShare() throws Exception {
    String topic = kafka.createTopic("agent-sampling");
    Path log = directory.resolve("app.log");
    List<String> lines = AgentTesting.lines("sampled", 0, 20_000);
    append(log, lines);
    Processing sampling =
        processing(Optional.empty(), "", "", 0.1, OptionalLong.of(42), List.of(), 0);
    long sampledOut;
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, sampling, log)))) {
      await("every line decided", WAIT, () -> caughtUp(agent));
      await(
          "every kept line acknowledged",
          WAIT,
          () -> counter(agent, "linesAcknowledged") + counter(agent, "sampledOut") == 20_000);
      sampledOut = counter(agent, "sampledOut");
    }
    AgentTesting.Count count = AgentTesting.count(kafka, topic, lines, Duration.ofSeconds(5));
    // binomial(20000, 0.1): mean 2000, sigma 42; 5 sigma either side
    LOG.info("sampling 0.1 of 20,000 lines: {} kept, {} sampled out", count.received(), sampledOut);
    assertThat(count.received()).isBetween(1788, 2212);
    assertThat(count.duplicates()).isZero();
    assertThat(count.received() + sampledOut).isEqualTo(20_000);
  }

  @Test
  void nginxLinesBecomeJsonThenFieldsAreDroppedAndRenamed() throws Exception {
    String topic = kafka.createTopic("agent-nginx");
    Path log = directory.resolve("access.log");
    Files.copy(Path.of("src/test/resources/agent/nginx-access.log"), log);
    List<String> expected =
        Files.readAllLines(Path.of("src/test/resources/agent/nginx-access.expected.jsonl"));
    Processing transforms =
        processing(
            Optional.empty(),
            "",
            "",
            1.0,
            OptionalLong.empty(),
            List.of(
                new Processing.Transform(
                    "nginx", Processing.TransformType.NGINX, List.of(), Map.of()),
                new Processing.Transform(
                    "drop_fields",
                    Processing.TransformType.DROP_FIELDS,
                    List.of("http_referer"),
                    Map.of()),
                new Processing.Transform(
                    "rename_fields",
                    Processing.TransformType.RENAME_FIELDS,
                    List.of(),
                    Map.of("remote_addr", "client"))),
            0);
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("nginx", topic, transforms, log)))) {
      await("every line", WAIT, () -> counter(agent, "linesAcknowledged") >= expected.size());
      assertThat(counter(agent, "transformsSkipped")).isEqualTo(1);
    }
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, expected.size(), WAIT);
    Set<String> values = new HashSet<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      String value = new String(record.value(), StandardCharsets.UTF_8);
      values.add(value);
      assertThat(header(record, "transform_skipped"))
          .isEqualTo(value.startsWith("{") ? null : "nginx,drop_fields,rename_fields");
    }
    assertThat(records).hasSize(expected.size());
    assertThat(values).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void rateLimitHoldsLinesPerSecond() throws Exception {
    String topic = kafka.createTopic("agent-rate");
    Path log = directory.resolve("app.log");
    List<String> lines = AgentTesting.lines("limited", 0, 5_000);
    append(log, lines);
    int perSecond = 600;
    Processing limited =
        processing(Optional.empty(), "", "", 1.0, OptionalLong.empty(), List.of(), perSecond);
    try (Agent agent =
        AgentTesting.start(
            config(
                directory.resolve("state"),
                kafka.bootstrap(),
                source("app", topic, limited, log)))) {
      await("every line", WAIT, () -> counter(agent, "linesAcknowledged") >= lines.size());
    }
    List<ConsumerRecord<byte[], byte[]>> records = kafka.read(topic, lines.size(), WAIT);
    long first =
        records.stream().mapToLong(r -> Long.parseLong(header(r, "read_ts"))).min().orElseThrow();
    long last =
        records.stream().mapToLong(r -> Long.parseLong(header(r, "read_ts"))).max().orElseThrow();
    // five seconds after the first, when the start is behind
    long inWindow =
        records.stream()
            .mapToLong(r -> Long.parseLong(header(r, "read_ts")))
            .filter(ts -> ts >= first + 1000 && ts < first + 6000)
            .count();
    LOG.info(
        "rate limit {}/s: {} lines in 5 s ({}/s), all {} in {} ms",
        perSecond,
        inWindow,
        inWindow / 5.0,
        records.size(),
        last - first);
    assertThat(inWindow / 5.0).isBetween(perSecond * 0.9, perSecond * 1.1);
    assertExactlyOnce(kafka, topic, lines);
  }
}
