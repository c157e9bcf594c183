package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The running minute from the monitoring queue, then its final number from the lake (issue 18):
 * monitoring records of a UBC ID of this test's own, one of them sent twice as a retry would,
 * written into the stack's queue (ws.monitor, which the stack's monitor reads and its ubc_windows
 * job windows). {@code GET /v1/series} shows the minute first as a provisional live point that
 * counts the copy ({@code live: true}), and, once the watermark passes it, as a final point from
 * the lake that counts it once and equals Trino's query of {@code lake.ubc.metrics_1m}: the final
 * number replaces the provisional one and no duplicate leaks into it.
 */
class MonitorLiveIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long MINUTE = 60_000;
  private static final int RECORDS = 20;
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private LocalStack stack;

  @Test
  void aProvisionalMinuteBecomesTheLakesExactOne() throws Exception {
    stack = TestStack.shared();
    String ubc = TestStack.unique("live");
    // Generated traffic compresses time: the watermark may run ahead of the clock, and a minute of
    // now would be final (late) already; wait until it is behind.
    WindowJobWatermark.awaitBehindTheClock(stack, TIMEOUT);
    long now = System.currentTimeMillis();
    // all records in one minute, a few seconds after its start or later
    if (now % MINUTE > 45_000) {
      Thread.sleep(MINUTE - now % MINUTE + 1000);
    }
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      long first = System.currentTimeMillis();
      long minute = first - first % MINUTE;
      String topic = stack.config().monitorTopic();
      for (int i = 0; i < RECORDS; i++) {
        String record = record(ubc, "probe-" + i, System.currentTimeMillis(), "probe");
        send(producer, topic, i % 2, record);
        if (i == 0) {
          // a retry's copy: same event id, same report time
          send(producer, topic, 1, record);
        }
      }
      producer.flush();
      String path =
          "/v1/series?ubc=%s&from=%d&to=%d&d1=probe".formatted(ubc, minute, minute + MINUTE);

      JsonNode provisional = await(path, answer -> value(answer) == RECORDS + 1, producer, ubc);
      assertThat(provisional.path("live").booleanValue()).as(provisional.toString()).isTrue();
      assertThat(provisional.path("provisional_from").asLong()).isEqualTo(minute);

      // records of later minutes move the watermark on (one per partition and second). The window
      // job commits lake.ops.progress beside the window tables, not after them: for a moment the
      // minute can be final by the watermark before its row is visible (a null point), so wait
      // for the row too.
      JsonNode fin =
          await(
              path,
              answer ->
                  answer.path("final_until").asLong(0) >= minute + MINUTE && value(answer) != -1,
              producer,
              ubc);
      assertThat(value(fin)).as(fin.toString()).isEqualTo(RECORDS);
      assertThat(fin.path("lake").booleanValue()).isTrue();
      assertThat(fin.has("provisional_from")).isFalse();
      try (Connection trino = TrinoQueries.connect(stack)) {
        List<String> lake =
            TrinoQueries.column(
                trino,
                ("SELECT CAST(sum(pv) AS varchar) FROM lake.ubc.metrics_1m WHERE ubc = '%s'"
                        + " AND d1 = 'probe' AND to_unixtime(window_start) * 1000 = %d")
                    .formatted(ubc, minute));
        assertThat(lake).containsExactly(String.valueOf(RECORDS));
      }
    }
  }

  private interface Check {
    boolean done(JsonNode answer);
  }

  /** Polls the series (sending a tick each second) until {@code check} holds; the answer. */
  private JsonNode await(
      String path, Check check, KafkaProducer<byte[], byte[]> producer, String ubc)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode answer = null;
    while (System.nanoTime() < deadline) {
      answer = get(path);
      if (check.done(answer)) {
        return answer;
      }
      String topic = stack.config().monitorTopic();
      for (int partition = 0; partition < 2; partition++) {
        send(
            producer,
            topic,
            partition,
            record(ubc, "tick-" + UUID.randomUUID(), System.currentTimeMillis(), "tick"));
      }
      producer.flush();
      Thread.sleep(1000);
    }
    throw new AssertionError(
        "%s did not reach its state within %s (at %s): %s"
            .formatted(path, TIMEOUT, Instant.now(), answer));
  }

  private static long value(JsonNode answer) {
    JsonNode value = answer.at("/series/0/values/0");
    return value.isNumber() ? value.longValue() : -1;
  }

  /** A monitoring record as ubc_monitor writes it (null fields left out). */
  private static String record(String ubc, String id, long reportTime, String d1) {
    ObjectNode record = JSON.createObjectNode();
    record.put("id", id);
    record.put("ubc", ubc);
    record.put("t", "e");
    record.put("rts", reportTime);
    record.put("d1", d1);
    record.put("rv", 1);
    record.put("dev", "device-" + id);
    return record.toString();
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(settings);
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, int partition, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(UTF_8))).get();
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.config().monitorUri() + path))
                .header("Authorization", "Bearer " + MonitorComponent.ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString(UTF_8));
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
