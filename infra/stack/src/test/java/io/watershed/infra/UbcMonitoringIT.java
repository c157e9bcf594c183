package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.UbcTraffic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UBC monitoring over the real stack, on a private instance of the three UBC jobs (ubc_clean,
 * ubc_monitor, ubc_windows: own topics, job names and consumer groups, the shared Flink cluster,
 * catalog, monitor service and Trino). Generated traffic with known ground truth, duplicates
 * injected upstream and a rule change mid-stream; through Trino every 1-minute and 5-minute
 * window's pv and duration sum equal the ground truth exactly, every record is counted once in a
 * window or kept in ubc.late (the generator's client retries), the distinct-device sketches are
 * exact for this many devices, the new rule applies from the next heartbeat, and ops.progress
 * moves.
 */
class UbcMonitoringIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final List<String> JOBS = List.of("ubc_clean", "ubc_monitor", "ubc_windows");
  private static final Pattern NET = Pattern.compile("\"net\":\"(\\w+)\"");
  private static final Pattern WIFI_GROUP =
      Pattern.compile("(\"value\"\\s*:\\s*\"wifi\"\\s*,\\s*\"group\"\\s*:\\s*\")wifi\"");
  private static final String MAPPINGS = "/v1/ubc-ids/ubc_0001/dimensions/3/mappings";

  private static LocalStack stack;
  private static JobsComponent jobs;
  private static Path work;
  private static String run;
  private static Map<String, String> overrides;
  private static final Set<String> copied = new HashSet<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startJobs() throws Exception {
    stack = TestStack.shared();
    run = TestStack.unique("mon");
    overrides =
        Map.of(
            "jobs.topic-raw-ubc", "it.raw." + run,
            "jobs.topic-clean-ubc", "it.clean." + run,
            "jobs.topic-monitor", "it.monitor." + run,
            "jobs.consumer-group-prefix", run,
            "jobs.watermark-delay", "5s");
    try (Admin admin = Admin.create(kafka())) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("it.raw." + run, 2, (short) 1),
                  new NewTopic("it.clean." + run, 2, (short) 1),
                  new NewTopic("it.monitor." + run, 2, (short) 1)))
          .all()
          .get();
    }
    jobs = new JobsComponent(stack.config());
    work = stack.config().varDir().resolve("it").resolve(run);
    jobs.run(work, overrides, "submit", JOBS);
  }

  @AfterAll
  static void stopJobs() throws Exception {
    if (jobs != null) {
      jobs.run(work, overrides, "cancel", JOBS);
    }
  }

  @Test
  void windowsMatchTheGroundTruthExactly() throws Exception {
    // A 5-minute-aligned start on a day of its own, so this run's windows are told apart.
    long day = ThreadLocalRandom.current().nextLong(0, 3000);
    long start = Instant.parse("2019-01-01T00:00:00Z").plus(Duration.ofDays(day)).toEpochMilli();
    List<GeneratedRecord> records =
        new UbcTraffic(new UbcTraffic.Options(day, 12_000, 0.03, start, 400)).toList();
    List<GeneratedRecord> firstHalf = records.subList(0, records.size() / 2);
    List<GeneratedRecord> secondHalf = records.subList(records.size() / 2, records.size());

    String original = request("GET", MAPPINGS, null).body();
    try (KafkaProducer<String, String> producer = producer();
        Connection trino = TrinoQueries.connect(stack)) {
      int sentFirst = send(producer, firstHalf);
      awaitMonitorRecords(sentFirst);
      Instant firstWatermark = awaitProgress(trino, Instant.EPOCH);

      HttpResponse<String> changed =
          request("PUT", MAPPINGS, WIFI_GROUP.matcher(original).replaceFirst("$1wlan\""));
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
      long newVersion = ruleVersion(changed.body());
      // The jobs pull rules every 2 s (TestStack): wait out two heartbeats.
      Thread.sleep(4_500);

      int sentSecond = send(producer, secondHalf);
      // Everything in the monitoring queue first: then a record far ahead closes every window.
      awaitMonitorRecords(sentFirst + sentSecond);
      long maxRts = records.stream().mapToLong(GeneratedRecord::rts).max().orElseThrow();
      long flushRts = maxRts + 600_000;
      List<String> flush = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "flush-" + run + "-" + i;
        flush.add(id);
        // Both lanes: each partition's watermark must pass the last window.
        producer.send(
            new ProducerRecord<>(
                "it.raw." + run,
                i % 2,
                null,
                ("{\"id\":\"%s\",\"ubc\":\"ubc_0002\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,"
                        + "\"common\":{\"did\":\"flush\"}}")
                    .formatted(id, flushRts, flushRts)));
      }
      producer.flush();
      awaitMonitorRecords(sentFirst + sentSecond + flush.size());
      // ops.progress holds the end of the newest closed minute that had records.
      long lastMinuteEnd = maxRts / 60_000 * 60_000 + 60_000;
      Instant finalWatermark = awaitProgress(trino, Instant.ofEpochMilli(lastMinuteEnd - 1));
      assertThat(finalWatermark).isAfter(firstWatermark);

      // Ground truth: valid records, each id once; late ones are in ubc.late, the rest in windows.
      Map<String, GeneratedRecord> valid = new HashMap<>();
      records.stream().filter(GeneratedRecord::valid).forEach(r -> valid.put(r.eventId(), r));
      String range =
          "window_start >= from_unixtime(%d) AND window_start < from_unixtime(%d)"
              .formatted(start / 1000, maxRts / 1000 + 300);
      // Each delivery is on time or late on its own; an event is in a window when any of its
      // deliveries was on time, and missing from the windows when all of them were late.
      Map<String, Long> lateDeliveries = new HashMap<>();
      for (String row :
          TrinoQueries.rows(
              trino,
              "SELECT event_id, count(*) FROM lake.ubc.late WHERE job = '"
                  + run
                  + "-ubc_windows' AND event_id NOT LIKE 'flush-%' GROUP BY 1")) {
        String[] parts = row.split("\\|");
        lateDeliveries.put(parts[0], Long.parseLong(parts[1]));
      }
      assertThat(valid.keySet()).containsAll(lateDeliveries.keySet());
      Set<String> late = new HashSet<>();
      lateDeliveries.forEach(
          (id, deliveries) -> {
            if (deliveries >= (copied.contains(id) ? 2 : 1)) {
              late.add(id);
            }
          });
      List<GeneratedRecord> onTime =
          valid.values().stream().filter(r -> !late.contains(r.eventId())).toList();

      for (long size : List.of(60_000L, 300_000L)) {
        String table = size == 60_000L ? "lake.ubc.metrics_1m" : "lake.ubc.metrics_5m";
        Map<String, String> expected = new TreeMap<>();
        Map<String, Long[]> sums = new HashMap<>();
        for (GeneratedRecord r : onTime) {
          String key = (r.rts() / size * size) + "|" + r.ubc() + "|" + r.logType();
          Long[] sum = sums.computeIfAbsent(key, k -> new Long[] {0L, 0L});
          sum[0]++;
          sum[1] += r.durationMs() == null ? 0 : r.durationMs();
        }
        sums.forEach((key, sum) -> expected.put(key, sum[0] + "|" + sum[1]));
        Map<String, String> actual =
            awaitRows(
                trino,
                "SELECT to_unixtime(window_start) * 1000, ubc, log_type, sum(pv),"
                    + " coalesce(sum(duration_ms), 0) FROM "
                    + table
                    + " WHERE "
                    + range
                    + " GROUP BY 1, 2, 3",
                expected);
        assertThat(actual).as(table).isEqualTo(expected);
      }
      long windowed = count(trino, "SELECT sum(pv) FROM lake.ubc.metrics_5m WHERE " + range);
      assertThat(windowed + late.size()).isEqualTo(valid.size());
      // Late are the generator's client retries (one in 200, 30 s to 2 min behind), not records
      // that two lanes merged out of order: those would be a large share.
      assertThat(late).isNotEmpty();
      assertThat(late.size()).isLessThan(valid.size() / 50);

      // Corrections: exactly the late events, once each (a late copy of an event a window
      // counted is none), and the corrected views count every valid event once.
      Set<String> corrections = new HashSet<>();
      long correctionsDeadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!corrections.equals(late) && System.nanoTime() < correctionsDeadline) {
        corrections.clear();
        corrections.addAll(
            TrinoQueries.column(
                trino,
                "SELECT event_id FROM lake.ubc.corrections WHERE job = '"
                    + run
                    + "-ubc_windows' AND event_id NOT LIKE 'flush-%'"));
        Thread.sleep(corrections.equals(late) ? 0 : 2000);
      }
      assertThat(corrections).as("lake.ubc.corrections").isEqualTo(late);
      for (long size : List.of(60_000L, 300_000L)) {
        String view =
            size == 60_000L ? "lake.ubc.metrics_1m_corrected" : "lake.ubc.metrics_5m_corrected";
        Map<String, long[]> sums = new TreeMap<>();
        for (GeneratedRecord r : valid.values()) {
          long[] sum =
              sums.computeIfAbsent(
                  (r.rts() / size * size) + "|" + r.ubc() + "|" + r.logType(), k -> new long[2]);
          sum[0]++;
          sum[1] += late.contains(r.eventId()) ? 1 : 0;
        }
        Map<String, String> expected = new TreeMap<>();
        sums.forEach((key, sum) -> expected.put(key, sum[0] + "|" + sum[1]));
        Map<String, String> actual =
            awaitRows(
                trino,
                "SELECT to_unixtime(window_start) * 1000, ubc, log_type, sum(pv), sum(pv_correction)"
                    + " FROM "
                    + view
                    + " WHERE "
                    + range
                    + " GROUP BY 1, 2, 3",
                expected);
        assertThat(actual).as(view).isEqualTo(expected);
      }

      // The rule change: ubc_0001's wifi records map to 'wlan' from the new version on.
      long wlanExpected =
          secondHalf.stream()
              .filter(r -> r.valid() && r.ubc().equals("ubc_0001") && !late.contains(r.eventId()))
              .filter(r -> net(r).equals("wifi"))
              .count();
      assertThat(wlanExpected).isPositive();
      assertThat(
              count(
                  trino,
                  "SELECT sum(pv) FROM lake.ubc.metrics_1m WHERE "
                      + range
                      + " AND ubc = 'ubc_0001' AND d3 = 'wlan' AND rules_version >= "
                      + newVersion))
          .isEqualTo(wlanExpected);
      assertThat(
              count(
                  trino,
                  "SELECT count(*) FROM lake.ubc.metrics_1m WHERE "
                      + range
                      + " AND d3 = 'wlan' AND rules_version < "
                      + newVersion))
          .isZero();
      assertThat(
              count(
                  trino,
                  "SELECT count(*) FROM lake.ubc.metrics_1m WHERE "
                      + range
                      + " AND rules_version IS NULL"))
          .isZero();

      // Distinct devices: exact below the sketch's 4096 entries.
      Map<Long, Set<String>> devices = new TreeMap<>();
      for (GeneratedRecord r : onTime) {
        devices.computeIfAbsent(r.rts() / 300_000 * 300_000, k -> new HashSet<>()).add(device(r));
      }
      Map<String, String> expectedDevices = new TreeMap<>();
      devices.forEach((window, set) -> expectedDevices.put(window + "", set.size() + ""));
      Map<String, String> actualDevices = new TreeMap<>();
      for (String row :
          TrinoQueries.rows(
              trino,
              "SELECT to_unixtime(window_start) * 1000,"
                  + " CAST(round(theta_sketch_cardinality(theta_sketch_union(devices))) AS bigint)"
                  + " FROM lake.ubc.metrics_5m WHERE "
                  + range
                  + " GROUP BY 1")) {
        String[] parts = row.split("\\|");
        actualDevices.put(Long.toString((long) Double.parseDouble(parts[0])), parts[1]);
      }
      assertThat(actualDevices).isEqualTo(expectedDevices);
    } finally {
      request("PUT", MAPPINGS, original);
    }
    assertThat(averageMonitorRecordBytes()).isLessThanOrEqualTo(200);
  }

  private static Properties kafka() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
    return properties;
  }

  private static KafkaProducer<String, String> producer() {
    Properties properties = kafka();
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(properties);
  }

  /**
   * Sends the records in order to both raw partitions, 50 at a time to each in turn (as the
   * intake's sticky partitioning does), so that each partition is in report-time order but
   * ubc_clean, which merges them a fetch at a time, sees them out of order by far more than the
   * watermark delay: the lanes (the raw partition, kept through ws.clean.ubc and ws.monitor) must
   * keep them on time. Every 20th valid record is sent twice in a row (an intake or agent retry): a
   * copy right behind its original is on time exactly when the original is, so the ground truth
   * knows where each copy belongs. Returns how many valid records were sent, copies included.
   */
  private static int send(KafkaProducer<String, String> producer, List<GeneratedRecord> records) {
    int valid = 0;
    int sent = 0;
    for (GeneratedRecord record : records) {
      int partition = sent++ / 50 % 2;
      producer.send(new ProducerRecord<>("it.raw." + run, partition, null, record.json()));
      if (record.valid()) {
        valid++;
        if (valid % 20 == 0) {
          producer.send(new ProducerRecord<>("it.raw." + run, partition, null, record.json()));
          copied.add(record.eventId());
          valid++;
        }
      }
    }
    producer.flush();
    return valid;
  }

  /** Waits until the monitoring queue holds at least {@code expected} records. */
  private static void awaitMonitorRecords(long expected) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    long seen = 0;
    try (Admin admin = Admin.create(kafka())) {
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (int p = 0; p < 2; p++) {
          ends.put(new TopicPartition("it.monitor." + run, p), OffsetSpec.latest());
        }
        seen =
            admin.listOffsets(ends).all().get().values().stream()
                .mapToLong(info -> info.offset())
                .sum();
        if (seen >= expected) {
          return;
        }
        Thread.sleep(1000);
      }
    }
    throw new AssertionError(
        "monitoring queue has " + seen + " records, expected " + expected + " within " + TIMEOUT);
  }

  private static long averageMonitorRecordBytes() {
    Properties properties = kafka();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-size");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    long bytes = 0;
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of("it.monitor." + run));
      long idle = 0;
      while (idle < 5) {
        var batch = consumer.poll(Duration.ofSeconds(1));
        idle = batch.isEmpty() ? idle + 1 : 0;
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          bytes += record.value().length;
          count++;
        }
      }
    }
    assertThat(count).isPositive();
    return bytes / count;
  }

  /** Waits until this run's window job publishes a watermark at or after {@code atLeast}. */
  private static Instant awaitProgress(Connection trino, Instant atLeast) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> rows =
          TrinoQueries.column(
              trino,
              "SELECT to_unixtime(watermark) * 1000 FROM lake.ops.progress WHERE job = '"
                  + run
                  + "-ubc_windows'");
      if (!rows.isEmpty()) {
        Instant watermark = Instant.ofEpochMilli((long) Double.parseDouble(rows.get(0)));
        if (watermark.isAfter(atLeast)) {
          return watermark;
        }
      }
      Thread.sleep(2000);
    }
    throw new AssertionError("ops.progress did not pass " + atLeast + " within " + TIMEOUT);
  }

  /** Polls until the query's rows (key columns | values) equal {@code expected}, or times out. */
  private static Map<String, String> awaitRows(
      Connection trino, String sql, Map<String, String> expected) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Map<String, String> actual = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      actual.clear();
      try (Statement statement = trino.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        while (rows.next()) {
          actual.put(
              (long) rows.getDouble(1) + "|" + rows.getString(2) + "|" + rows.getString(3),
              rows.getLong(4) + "|" + rows.getLong(5));
        }
      }
      if (actual.equals(expected)) {
        return actual;
      }
      Thread.sleep(2000);
    }
    return actual;
  }

  private static long count(Connection trino, String sql) throws SQLException {
    List<String> values = TrinoQueries.column(trino, sql);
    return values.isEmpty() || values.get(0) == null ? 0 : Long.parseLong(values.get(0));
  }

  private static String net(GeneratedRecord record) {
    Matcher matcher = NET.matcher(record.json());
    return matcher.find() ? matcher.group(1) : "";
  }

  private static String device(GeneratedRecord record) {
    Matcher matcher = Pattern.compile("\"did\":\"([^\"]+)\"").matcher(record.json());
    return matcher.find() ? matcher.group(1) : "";
  }

  private static long ruleVersion(String body) {
    Matcher matcher = Pattern.compile("\"ruleVersion\"\\s*:\\s*(\\d+)").matcher(body);
    assertThat(matcher.find()).as(body).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private HttpResponse<String> request(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.config().monitorUri() + path))
            .header("Authorization", "Bearer " + MonitorComponent.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, UTF_8));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }
}
