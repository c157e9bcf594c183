package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import io.watershed.infra.udf.Shout;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jobs a user writes, run as the README says (the jobs runner on the stack's settings, a file
 * path as the job) on the shared stack's cluster: the examples of sql/examples against this run's
 * own cleaned-records topic, a look at a stream, a function of the user's own jar on HDFS through
 * {@code CREATE FUNCTION ... USING JAR}, and the batch example over lake.ubc.events.
 */
class UserJobsIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);

  private static LocalStack stack;
  private static JobsComponent jobs;
  private static String run;
  private static Path work;
  private static Map<String, String> overrides;
  private static String topic;

  @BeforeAll
  static void startStack() throws Exception {
    stack = TestStack.shared();
    jobs = new JobsComponent(stack.config());
    run = TestStack.unique("userjobs");
    work = stack.config().varDir().resolve("it").resolve(run);
    topic = "it.clean." + run;
    // One partition: the rollup's watermark follows this run's records alone.
    try (Admin admin = Admin.create(kafka())) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    overrides = Map.of("jobs.topic-clean-ubc", topic, "jobs.consumer-group-prefix", run);
  }

  @Test
  void theExamplesRunAsUsersSubmitThem() throws Exception {
    String ubcA = run + "_a";
    String ubcB = run + "_b";
    Instant hour = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
    try (Connection trino = TrinoQueries.connect(stack)) {
      // The enrichment's owners, kept by a team through Trino.
      execute(trino, "CREATE SCHEMA IF NOT EXISTS lake.examples");
      execute(
          trino,
          "CREATE TABLE IF NOT EXISTS lake.examples.ubc_owners"
              + " (ubc varchar, team varchar, channel varchar)");
      execute(
          trino,
          "INSERT INTO lake.examples.ubc_owners VALUES ('%s', 'search', '#search-oncall')"
              .formatted(ubcA));

      String out =
          runner(
              "submit",
              example("slow_events_alert"),
              example("hourly_rollup"),
              example("enrich_owners"));
      assertThat(out)
          .contains(
              run + "-slow_events_alert running as",
              run + "-hourly_rollup running as",
              run + "-enrich_owners running as");
      try {
        try (KafkaProducer<String, String> producer = producer()) {
          // The alert job starts at the topic's end: post once it reads (its first alert is out).
          warmUp(producer, "warm_" + run, hour.plusSeconds(300));
          send(producer, clean(ubcA + "-1", ubcA, hour.plusSeconds(600), "android", "d1", 1000));
          send(producer, clean(ubcA + "-2", ubcA, hour.plusSeconds(1200), "android", "d2", 7000));
          send(producer, clean(ubcA + "-3", ubcA, hour.plusSeconds(3000), "android", "d1", 2000));
          send(producer, clean(ubcB + "-1", ubcB, hour.plusSeconds(1800), "ios", "d3", 9000));
          // A tick two hours on: the rollup's watermark passes the hour, nothing else counts it.
          send(producer, tick(hour.plus(2, ChronoUnit.HOURS).plusSeconds(300)));
        }

        List<String> alerts = awaitMessages("ws.alerts.slow-events", "\"ubc\":\"" + run, 2);
        assertThat(alerts)
            .anySatisfy(
                alert ->
                    assertThat(alert)
                        .contains("\"event_id\":\"" + ubcA + "-2\"")
                        .contains(ubcA + " took 7 s on android 1.2; device d2"))
            .anySatisfy(alert -> assertThat(alert).contains("\"event_id\":\"" + ubcB + "-1\""));

        List<String> owned = awaitMessages("ws.examples.owned-events", "\"ubc\":\"" + run, 3);
        assertThat(owned)
            .allSatisfy(
                event ->
                    assertThat(event).contains("\"ubc\":\"" + ubcA + "\"", "\"team\":\"search\""));

        String rollup =
            "SELECT CAST(to_unixtime(hour_start) AS bigint), ubc, os, pv, duration_ms, devices"
                + " FROM lake.examples.ubc_hourly WHERE ubc LIKE '"
                + run
                + "%' ORDER BY ubc";
        long start = hour.getEpochSecond();
        assertThat(awaitRows(trino, rollup, 2))
            .containsExactly(
                start + "|" + ubcA + "|android|3|10000|2", start + "|" + ubcB + "|ios|1|9000|1");
      } finally {
        // Left running, the three jobs would hold task slots for the tests after this one.
        runner(
            "cancel",
            example("slow_events_alert"),
            example("hourly_rollup"),
            example("enrich_owners"));
      }
    }
  }

  @Test
  void aLookAtAStreamCallsAFunctionFromTheUsersJarOnHdfs() throws Exception {
    Path jar = work.resolve("shout.jar");
    Files.createDirectories(work);
    String entry = Shout.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        var in = Shout.class.getClassLoader().getResourceAsStream(entry)) {
      out.putNextEntry(new JarEntry(entry));
      in.transferTo(out);
      out.closeEntry();
    }
    String uri = stack.config().hdfsUri() + "/watershed/it/" + run + "/shout.jar";
    try (FileSystem hdfs = FileSystem.newInstance(URI.create(uri), new Configuration())) {
      hdfs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(jar.toUri()), new org.apache.hadoop.fs.Path(uri));
    }
    Path script = work.resolve("shout_look.sql");
    Files.writeString(
        script,
        """
        -- a user's look: their own function, from their jar on HDFS, on the remote cluster
        CREATE TEMPORARY FUNCTION shout AS '%s' USING JAR '%s';
        SELECT shout(name) AS loud, ubc_devices_estimate(CAST(NULL AS BYTES)) IS NULL AS builtin
        FROM (VALUES ('hello'), ('semi;colon')) AS t(name);
        """
            .formatted(Shout.class.getName(), uri),
        UTF_8);
    String out = runner("submit", script.toString(), "--max-rows", "2");
    assertThat(out).contains("loud\tbuiltin", "HELLO!\t", "SEMI;COLON!\t", "(2 rows)");
  }

  @Test
  void theBatchExampleRollsUpTheLakesEvents() throws Exception {
    String device = "dev-" + run;
    long rts = System.currentTimeMillis() - 60_000;
    List<GeneratedRecord> records = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = "%s-batch-%d".formatted(run, i);
      records.add(
          new GeneratedRecord(
              id,
              "ubc_0003",
              "flow",
              "server",
              rts - 1000,
              rts,
              100L,
              true,
              null,
              ("{\"id\":\"%s\",\"ubc\":\"ubc_0003\",\"type\":\"flow\",\"ts\":%d,\"rts\":%d,"
                      + "\"dur\":100,\"common\":{\"did\":\"%s\"}}")
                  .formatted(id, rts - 1000, rts, device)));
    }
    new TrafficSender(stack.config().intakeUri(), "demo", 12, 0)
        .send(records, new PrintStream(OutputStream.nullOutputStream()));
    try (Connection trino = TrinoQueries.connect(stack)) {
      awaitRows(
          trino, "SELECT event_id FROM lake.ubc.events WHERE device_id = '" + device + "'", 12);
      String out = runner("submit", example("daily_device_report_batch"));
      assertThat(out).contains(run + "-daily_device_report_batch finished");
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT ubc, events, duration_ms FROM lake.examples.device_daily"
                      + " WHERE device_id = '"
                      + device
                      + "'"))
          .containsExactly("ubc_0003|12|1200");
    }
  }

  // ---- the runner, as ./watershed jobs runs it

  private static String example(String name) {
    return TestStack.home().resolve("sql/examples/" + name + ".sql").toString();
  }

  /** Runs the jobs runner with this run's overrides; returns what it printed. */
  private static String runner(String... arguments) throws Exception {
    Path log = work.resolve("runner.log");
    long before = Files.exists(log) ? Files.size(log) : 0;
    jobs.run(work, overrides, List.of(arguments));
    byte[] bytes = Files.readAllBytes(log);
    return new String(bytes, (int) before, bytes.length - (int) before, UTF_8);
  }

  // ---- Kafka

  private static Properties kafka() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
    return properties;
  }

  private static KafkaProducer<String, String> producer() {
    Properties properties = kafka();
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return new KafkaProducer<>(properties);
  }

  private static void send(KafkaProducer<String, String> producer, String json) throws Exception {
    producer.send(new ProducerRecord<>(topic, 0, null, json)).get();
  }

  /** A cleaned UBC record as ubc_clean writes it to layer 2. */
  private static String clean(
      String id, String ubc, Instant reported, String os, String device, long durationMs) {
    return ("{\"event_id\":\"%s\",\"ubc\":\"%s\",\"log_type\":\"event\",\"report_ts\":\"%s\","
            + "\"os\":\"%s\",\"device_id\":\"%s\",\"app_version\":\"1.2\",\"duration_ms\":%d,"
            + "\"lane\":0}")
        .formatted(id, ubc, reported, os, device, durationMs);
  }

  private static String tick(Instant at) {
    return "{\"log_type\":\"tick\",\"report_ts\":\"%s\",\"lane\":0}".formatted(at);
  }

  /**
   * Posts slow records of {@code ubc} (reported at {@code at}, so no window closes early) until the
   * alert job's output shows one: from then on it reads every record posted.
   */
  private static void warmUp(KafkaProducer<String, String> producer, String ubc, Instant at)
      throws Exception {
    Properties properties = kafka();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-warm-up");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of("ws.alerts.slow-events"));
      for (int i = 0; System.nanoTime() < deadline; i++) {
        send(producer, clean(ubc + "-" + i, ubc, at, "android", "warm", 6000));
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(3))) {
          if (record.value().contains("\"ubc\":\"" + ubc + "\"")) {
            return;
          }
        }
      }
    }
    throw new AssertionError("the alert job showed no alert of " + ubc + " within " + TIMEOUT);
  }

  /** The messages of {@code topic} that mention {@code marker}, once there are {@code count}. */
  private static List<String> awaitMessages(String topic, String marker, int count) {
    Properties properties = kafka();
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, run + "-read-" + topic);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> found = new ArrayList<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
      consumer.subscribe(List.of(topic));
      while (System.nanoTime() < deadline && found.size() < count) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          if (record.value().contains(marker)) {
            found.add(record.value());
          }
        }
      }
      // A little longer: one more would be a duplicate or a record the job should not emit.
      for (int i = 0; i < 3; i++) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          if (record.value().contains(marker)) {
            found.add(record.value());
          }
        }
      }
    }
    assertThat(found).as("messages of %s in %s", marker, topic).hasSize(count);
    return found;
  }

  private static void execute(Connection trino, String sql) throws java.sql.SQLException {
    try (var statement = trino.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> awaitRows(Connection trino, String sql, int count) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> rows = List.of();
    while (System.nanoTime() < deadline) {
      try {
        rows = TrinoQueries.rows(trino, sql);
      } catch (java.sql.SQLException e) {
        // the table appears with the job's first commit
        rows = List.of();
      }
      if (rows.size() >= count) {
        break;
      }
      Thread.sleep(2000);
    }
    assertThat(rows).as(sql).hasSize(count);
    return rows;
  }
}
