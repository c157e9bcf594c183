package io.watershed.collector.intake;

import static io.watershed.collector.intake.HttpCalls.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.contracts.Ticks;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The intake's ticks (contracts Ticks) on a real broker: every partition gets them, each behind the
 * records handed to Kafka before it, as empty records with only the tick header; they are counted
 * apart from the records; a tick Kafka cannot take is counted as an error and the next goes out.
 */
class IntakeTicksIT extends IntakeTesting {
  private static final Pattern TICKS_SENT =
      Pattern.compile("watershed_intake_ticks_sent_total ([0-9.E]+)");

  @Test
  void everyPartitionGetsTicksBehindTheRecordsSentBeforeThem() throws Exception {
    String topic = kafka.createTopic("ticks");
    TestIntakeConfig config = new TestIntakeConfig(kafka.bootstrap(), topic);
    config.tickInterval = Duration.ofMillis(100);
    IntakeServer server = start(config);
    HttpCalls calls = calls(server);

    // Two requests: batches go round robin, so each partition gets one.
    for (String body : List.of("{\"id\":\"a\"}\n{\"id\":\"b\"}\n", "{\"id\":\"c\"}\n")) {
      assertThat(calls.post("/v1/ubc/client", utf8(body), DEMO).statusCode()).isEqualTo(202);
    }
    long answered = System.currentTimeMillis();

    // Read until each partition has a tick sent after the last answer.
    List<ConsumerRecord<byte[], byte[]>> read =
        kafka.readUntil(
            topic,
            records ->
                records.stream()
                        .filter(r -> isTick(r) && tickTime(r) >= answered)
                        .map(ConsumerRecord::partition)
                        .distinct()
                        .count()
                    == 2,
            READ_TIMEOUT);

    Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions = new TreeMap<>();
    read.forEach(r -> partitions.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r));
    assertThat(partitions).containsOnlyKeys(0, 1);
    List<String> posted = new ArrayList<>();
    for (List<ConsumerRecord<byte[], byte[]>> lane : partitions.values()) {
      long last = Long.MIN_VALUE;
      int firstTickAfterAnswer = -1;
      int lastRecord = -1;
      for (int i = 0; i < lane.size(); i++) {
        ConsumerRecord<byte[], byte[]> record = lane.get(i);
        if (isTick(record)) {
          assertThat(record.key()).isNull();
          assertThat(record.value()).isEmpty();
          assertThat(headerNames(record)).containsExactly(Ticks.HEADER);
          assertThat(tickTime(record)).isEqualTo(record.timestamp()).isGreaterThanOrEqualTo(last);
          last = tickTime(record);
          if (firstTickAfterAnswer < 0 && last >= answered) {
            firstTickAfterAnswer = i;
          }
        } else {
          posted.add(text(record.value()));
          assertThat(header(record, Ticks.HEADER)).isNull();
          lastRecord = i;
        }
      }
      // The order point: a tick sent after the answer is behind every record of the request.
      assertThat(lastRecord).isNotNegative().isLessThan(firstTickAfterAnswer);
    }
    assertThat(posted)
        .containsExactlyInAnyOrder("{\"id\":\"a\"}", "{\"id\":\"b\"}", "{\"id\":\"c\"}");

    // Ticks are counted apart: every one read was acknowledged, and none is a sent event.
    long ticksRead = read.stream().filter(IntakeTicksIT::isTick).count();
    String metrics = awaitMetrics(calls, body -> ticksSent(body) >= ticksRead);
    assertThat(metrics).contains("watershed_intake_sent_events_total 3.0\n");
  }

  @Test
  void aTickKafkaCannotTakeIsCountedAndTheNextGoesOutOnTime() throws Exception {
    String nowhere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nowhere = "127.0.0.1:" + socket.getLocalPort();
    }
    TestIntakeConfig config = new TestIntakeConfig(nowhere, "ticks-nowhere");
    config.sendTimeout = Duration.ofMillis(200);
    config.tickInterval = Duration.ofMillis(100);
    HttpCalls calls = calls(start(config));

    String metrics = awaitMetrics(calls, body -> tickErrors(body) >= 3);
    assertThat(metrics).contains("watershed_intake_ticks_sent_total 0.0\n");
  }

  @Test
  void noTicksWhenTheIntervalIsZero() {
    String topic = kafka.createTopic("no-ticks");
    HttpCalls calls = calls(start(new TestIntakeConfig(kafka.bootstrap(), topic)));
    assertThat(calls.post("/v1/ubc/client", utf8("{\"id\":\"a\"}"), DEMO).statusCode())
        .isEqualTo(202);

    assertThat(kafka.read(topic, 1, READ_TIMEOUT)).hasSize(1).noneMatch(IntakeTicksIT::isTick);
    assertThat(calls.get("/metrics").body()).doesNotContain("ticks_sent_total");
  }

  private static boolean isTick(ConsumerRecord<byte[], byte[]> record) {
    return header(record, Ticks.HEADER) != null;
  }

  private static long tickTime(ConsumerRecord<byte[], byte[]> record) {
    return Long.parseLong(header(record, Ticks.HEADER));
  }

  private static double ticksSent(String metrics) {
    Matcher sent = TICKS_SENT.matcher(metrics);
    return sent.find() ? Double.parseDouble(sent.group(1)) : -1;
  }

  private static double tickErrors(String metrics) {
    Matcher errors =
        Pattern.compile(
                "watershed_intake_errors_total\\{error_type=\"kafka_unavailable\",stage=\"tick\"\\}"
                    + " ([0-9.E]+)")
            .matcher(metrics);
    return errors.find() ? Double.parseDouble(errors.group(1)) : 0;
  }

  /** {@code GET /metrics} once its body satisfies {@code done}, or the last body after 30 s. */
  private static String awaitMetrics(HttpCalls calls, java.util.function.Predicate<String> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (true) {
      HttpResponse<String> metrics = calls.get("/metrics");
      if (done.test(metrics.body()) || System.nanoTime() > deadline) {
        assertThat(done.test(metrics.body())).as(metrics.body()).isTrue();
        return metrics.body();
      }
      Thread.sleep(50);
    }
  }
}
