package io.watershed.monitor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running minutes from the monitoring queue, end to end without Trino: a real Kafka broker
 * (KRaft, a child process), monitoring records written as ubc_monitor writes them, the monitor
 * service reading the queue from its lookback on, and {@code GET /v1/series} showing them as
 * provisional points with the SQL's filters, metrics and groups; the key cap; and Trino down while
 * the queue answers.
 */
class LiveMinutesIT {
  private static final long MINUTE = 60_000;
  private static KafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = KafkaBroker.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void seriesShowTheQueuesRunningMinutesAsProvisional(@TempDir Path directory) throws Exception {
    String topic = kafka.createTopic("monitor");
    String ubc = MonitorFixtures.uniqueId("live");
    long now = System.currentTimeMillis();
    long m0 = now - Math.floorMod(now, MINUTE) - 4 * MINUTE;
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      // appended 20 minutes ago, before the lookback of 10: the reader starts after these
      for (int i = 0; i < 5; i++) {
        send(
            producer, topic, i % 2, now - 20 * MINUTE, record(ubc, "e", m0, "ios", "a", null, "x"));
      }
      // appended 2 minutes ago: read
      for (int i = 0; i < 3; i++) {
        send(
            producer,
            topic,
            i % 2,
            now - 2 * MINUTE,
            record(ubc, "e", m0 + 2 * MINUTE, "ios", "z", null, "dev-p"));
      }
      producer.flush();
    }
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server = MonitorServer.start(liveConfig(database, topic, Map.of()));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      MonitorClient admin = new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN);
      List<String> values = new ArrayList<>();
      values.add("not a monitoring record");
      values.add(record(ubc, "e", now + 10 * MINUTE, "ios", "a", null, "ahead"));
      values.add(record("someone_else", "e", m0, "ios", "a", null, "dev-1"));
      for (String device : List.of("dev-1", "dev-2", "dev-3")) {
        values.add(record(ubc, "e", m0, "ios", "a", null, device));
      }
      values.add(record(ubc, "e", m0, "android", "b", null, "dev-1"));
      values.add(record(ubc, "f", m0 + MINUTE, "ios", "a", 100L, "dev-1"));
      values.add(record(ubc, "f", m0 + MINUTE, "ios", "a", 300L, "dev-1"));
      values.add(record(ubc, "f", m0 + MINUTE, "android", "c", 500L, "dev-4"));
      // a retry's copy: counted twice live (the windows deduplicate it)
      String copy = record(ubc, "e", m0 + 2 * MINUTE, "ios", "b", null, "dev-5");
      values.add(copy);
      values.add(copy);
      values.add(record(ubc, "e", m0 + 3 * MINUTE, null, "a", null, "dev-6"));
      for (String value : values) {
        // one partition, in order: once the last is counted, every one before it was read
        send(producer, topic, 0, System.currentTimeMillis(), value);
      }
      producer.flush();

      long from = m0;
      long to = m0 + 6 * MINUTE;
      String range = "ubc=%s&from=%d&to=%d".formatted(ubc, from, to);
      JsonNode total = awaitPv(admin, "/v1/series?" + range, 13);
      assertThat(values(total, 0)).containsExactly(4L, 3L, 5L, 1L, null, null);
      // no watermark known: explicit nulls
      assertThat(total.get("watermark").isNull()).isTrue();
      assertThat(total.get("final_until").isNull()).isTrue();
      assertThat(total.get("provisional_from").longValue()).isEqualTo(from);
      assertThat(total.get("live").booleanValue()).isTrue();
      assertThat(total.get("lake").booleanValue()).isFalse();

      JsonNode grouped = admin.get("/v1/series?%s&group=d2&top=2".formatted(range)).json();
      // a 6, then b and z with 3 each: b by name; c and z are other
      assertThat(names(grouped)).containsExactly("a", "b", "other");
      assertThat(values(grouped, 0)).containsExactly(3L, 2L, null, 1L, null, null);
      assertThat(values(grouped, 1)).containsExactly(1L, null, 2L, null, null, null);
      assertThat(values(grouped, 2)).containsExactly(null, 1L, 3L, null, null, null);

      JsonNode ios = admin.get("/v1/series?%s&d1=ios".formatted(range)).json();
      assertThat(values(ios, 0)).containsExactly(3L, 2L, 5L, null, null, null);
      JsonNode devices = admin.get("/v1/series?%s&metric=devices".formatted(range)).json();
      assertThat(values(devices, 0)).containsExactly(3.0, 2.0, 2.0, 1.0, null, null);
      JsonNode average = admin.get("/v1/series?%s&metric=avg_duration".formatted(range)).json();
      assertThat(values(average, 0)).containsExactly(null, 300.0, null, null, null, null);

      JsonNode fives = admin.get("/v1/series?%s&step=5m".formatted(range)).json();
      Map<Long, Long> expected = new TreeMap<>();
      long[] perMinute = {4, 3, 5, 1};
      for (int minute = 0; minute < perMinute.length; minute++) {
        long start = m0 + minute * MINUTE;
        expected.merge(start - Math.floorMod(start, 5 * MINUTE), perMinute[minute], Long::sum);
      }
      Map<Long, Object> actual = new TreeMap<>();
      List<Object> fiveValues = values(fives, 0);
      for (int i = 0; i < fiveValues.size(); i++) {
        if (fiveValues.get(i) != null) {
          actual.put(fives.get("timestamps").get(i).longValue(), fiveValues.get(i));
        }
      }
      assertThat(actual).isEqualTo(new TreeMap<Long, Object>(expected));

      String metrics = admin.as(null).get("/metrics").body();
      assertThat(metric(metrics, "watershed_monitor_live_records_total{outcome=\"counted\"}"))
          .isEqualTo(14.0); // 13 of this UBC ID (the retry's copy among them), 1 of another
      assertThat(metric(metrics, "watershed_monitor_live_records_total{outcome=\"unreadable\"}"))
          .isEqualTo(1.0);
      assertThat(metric(metrics, "watershed_monitor_live_records_total{outcome=\"ahead\"}"))
          .isEqualTo(1.0);
      assertThat(metric(metrics, "watershed_monitor_live_available")).isEqualTo(1.0);
      assertThat(metric(metrics, "watershed_monitor_live_keys")).isEqualTo(8.0);
      // the other routes of the query API stay off without Trino
      assertThat(admin.get("/v1/watermark").status()).isEqualTo(503);
    }
  }

  @Test
  void theKeyCapDropsNewKeysAndCountsThem(@TempDir Path directory) throws Exception {
    String topic = kafka.createTopic("monitor");
    String ubc = MonitorFixtures.uniqueId("cap");
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server =
            MonitorServer.start(
                liveConfig(database, topic, Map.of("monitor.live.max-keys", "100")));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      MonitorClient admin = new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN);
      awaitLive(admin, ubc);
      long now = System.currentTimeMillis();
      long minute = now - Math.floorMod(now, MINUTE) - MINUTE;
      for (int i = 0; i < 150; i++) {
        send(producer, topic, 0, now, record(ubc, "e", minute, "k" + i, "a", null, "d"));
      }
      // a key held already still counts
      send(producer, topic, 0, now, record(ubc, "e", minute, "k0", "a", null, "d"));
      producer.flush();
      String range = "ubc=%s&from=%d&to=%d".formatted(ubc, minute, minute + MINUTE);
      awaitPv(admin, "/v1/series?" + range, 101);
      String metrics = admin.as(null).get("/metrics").body();
      assertThat(metric(metrics, "watershed_monitor_live_records_total{outcome=\"key_cap\"}"))
          .isEqualTo(50.0);
      assertThat(
              metric(metrics, "watershed_monitor_discarded_events_total{reason=\"live_key_cap\"}"))
          .isEqualTo(50.0);
      assertThat(metric(metrics, "watershed_monitor_live_keys")).isEqualTo(100.0);
    }
  }

  @Test
  void trinoDownLeavesTheLiveMinutes(@TempDir Path directory) throws Exception {
    String topic = kafka.createTopic("monitor");
    String ubc = MonitorFixtures.uniqueId("down");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server =
            MonitorServer.start(
                liveConfig(
                    database,
                    topic,
                    Map.of(
                        "monitor.trino.url",
                        "jdbc:trino://127.0.0.1:" + closedPort,
                        "monitor.trino.query-timeout",
                        "1s")));
        KafkaProducer<byte[], byte[]> producer = producer()) {
      MonitorClient admin = new MonitorClient(server.uri(), MonitorFixtures.ADMIN_TOKEN);
      long now = System.currentTimeMillis();
      long minute = now - Math.floorMod(now, MINUTE) - MINUTE;
      for (int i = 0; i < 7; i++) {
        send(producer, topic, i % 2, now, record(ubc, "e", minute, "ios", "a", null, "d" + i));
      }
      producer.flush();
      String range = "ubc=%s&from=%d&to=%d&compare=day".formatted(ubc, minute, minute + MINUTE);
      JsonNode answer = awaitPv(admin, "/v1/series?" + range, 7);
      assertThat(answer.get("lake").booleanValue()).isFalse();
      assertThat(answer.get("live").booleanValue()).isTrue();
      assertThat(answer.get("watermark").isNull()).isTrue();
      assertThat(answer.at("/compare/day/0/values/0").isNull()).isTrue();
      MonitorClient.Answer watermark = admin.get("/v1/watermark");
      assertThat(watermark.status()).isEqualTo(503);
      assertThat(watermark.json().at("/error/code").textValue()).isEqualTo("query_unavailable");
    }
  }

  private static MonitorConfig liveConfig(
      TestDatabase database, String topic, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>();
    values.put("monitor.live.kafka-bootstrap", kafka.bootstrap());
    values.put("monitor.live.topic", topic);
    values.put("monitor.live.lookback", "10m");
    values.putAll(extra);
    return MonitorFixtures.config(database, values);
  }

  /** Waits until the live minutes answer (a series with live: true), at most a minute. */
  private static void awaitLive(MonitorClient admin, String ubc) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    MonitorClient.Answer answer = null;
    while (System.nanoTime() < deadline) {
      answer = admin.get("/v1/series?ubc=" + ubc);
      if (answer.status() == 200 && answer.json().get("live").booleanValue()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("The live minutes did not answer within a minute: " + answer);
  }

  /** Polls a series until its values add up to {@code pv}, at most a minute; returns it. */
  private static JsonNode awaitPv(MonitorClient admin, String path, long pv)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    MonitorClient.Answer answer = null;
    while (System.nanoTime() < deadline) {
      answer = admin.get(path);
      if (answer.status() == 200) {
        long sum = 0;
        for (JsonNode value : answer.json().at("/series/0/values")) {
          sum += value.isNull() ? 0 : value.longValue();
        }
        if (sum == pv) {
          return answer.json();
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "%s did not add up to %d within a minute: %s".formatted(path, pv, answer));
  }

  /** A record as ubc_monitor writes it: null fields left out. */
  private static String record(
      String ubc,
      String type,
      long reportTime,
      String d1,
      String d2,
      Long duration,
      String device) {
    ObjectNode record = MonitorClient.MAPPER.createObjectNode();
    record.put("id", "e-" + MonitorFixtures.suffix());
    record.put("ubc", ubc);
    record.put("t", type);
    record.put("rts", reportTime + 1000);
    if (d1 != null) {
      record.put("d1", d1);
    }
    if (d2 != null) {
      record.put("d2", d2);
    }
    if (duration != null) {
      record.put("dur", duration);
    }
    record.put("rv", 1);
    record.put("dev", device);
    return record.toString();
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap());
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(settings);
  }

  private static void send(
      KafkaProducer<byte[], byte[]> producer, String topic, int partition, long time, String value)
      throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, time, null, value.getBytes(UTF_8))).get();
  }

  private static List<String> names(JsonNode answer) {
    List<String> names = new ArrayList<>();
    answer.get("series").forEach(series -> names.add(series.get("name").textValue()));
    return names;
  }

  private static List<Object> values(JsonNode answer, int series) {
    List<Object> values = new ArrayList<>();
    for (JsonNode value : answer.at("/series/" + series + "/values")) {
      // not one conditional expression: it would make every long a double
      if (value.isNull()) {
        values.add(null);
      } else if (value.isIntegralNumber()) {
        values.add(value.longValue());
      } else {
        values.add(value.doubleValue());
      }
    }
    return values;
  }

  /** The value of one sample in Prometheus' text format. */
  private static double metric(String scrape, String sample) throws IOException {
    Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
    if (!matcher.find()) {
      throw new AssertionError("No sample " + sample + " in:\n" + scrape);
    }
    return Double.parseDouble(matcher.group(1));
  }
}
