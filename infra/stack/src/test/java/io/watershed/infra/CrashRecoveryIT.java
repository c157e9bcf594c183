package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crashes and restarts of the shared stack with exact counts: for each fault, traffic with a known
 * ground truth is posted to the intake under a UBC id of its own, the fault is injected once every
 * stack job has completed a checkpoint after it, traffic goes on during the outage (the client
 * retries what the intake refuses), {@code up} repairs what died, and more traffic follows. At the
 * end every 1- and 5-minute window of each fault's UBC id, read through Trino, holds each event
 * once: never more than the ground truth, and short only by events kept in ubc.late; ubc.events
 * holds each event exactly once.
 */
class CrashRecoveryIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final int BATCH = 50;
  private static final Duration AHEAD = Duration.ofSeconds(90);
  private static final Pattern JOB =
      Pattern.compile(
          "\"jid\":\"(\\w+)\",\"name\":\"(watershed-[\\w-]+)\"[^}]*?\"state\":\"(\\w+)\"");
  private static final Pattern COMPLETED = Pattern.compile("\"completed\":(\\d+)");

  private static LocalStack stack;
  private static String run;
  private static final Map<String, Fault> faults = new LinkedHashMap<>();
  private static final AtomicLong sequence = new AtomicLong();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** One fault's traffic: its UBC id, what was posted per minute, and how recovery went. */
  record Fault(String ubc, Map<Long, Long> perMinute, long[] recoveryMillis, AtomicLong refused) {
    long posted() {
      return perMinute.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
    run = TestStack.unique("crash");
  }

  @AfterAll
  static void report() {
    faults.forEach(
        (name, fault) ->
            System.out.printf(
                "crash %-22s posted %5d, recovered in %5.1f s, %d requests refused and sent again%n",
                name, fault.posted(), fault.recoveryMillis()[0] / 1000.0, fault.refused().get()));
  }

  @Test
  void everyFaultKeepsTheCountsExact() throws Exception {
    // A client whose clock runs ahead puts the watermark ahead of the clock: the first fault's
    // records are late, and the restored window operators must not drop what the restored late
    // check lets through.
    Fault ahead =
        new Fault(run + "_ahead", new ConcurrentHashMap<>(), new long[1], new AtomicLong());
    post(ahead, 4 * BATCH, AHEAD);
    inject("taskmanager_kill9", () -> kill("flink", "flink/taskmanager"));
    inject("jobmanager_kill9", () -> kill("flink", "flink/jobmanager"));
    inject("down_up", () -> stack.down(false));
    inject("kafka_kill9", () -> kill("kafka", "kafka/broker"));
    // While Kafka was down the intake refused (503) and the client sent again.
    assertThat(faults.get("kafka_kill9").refused()).hasPositiveValue();
    inject("catalog_kill9", () -> kill("catalog", "catalog/server"));
    inject("datanode_kill9", () -> kill("hdfs", "hdfs/datanode"));

    closeEveryWindow();
    try (Connection trino = TrinoQueries.connect(stack)) {
      for (Map.Entry<String, Fault> entry : faults.entrySet()) {
        assertExact(trino, entry.getKey(), entry.getValue());
      }
    }
  }

  /**
   * Posts, waits for a checkpoint of every stack job, injects the fault, posts during the outage
   * (retrying), runs up, and posts again.
   */
  private void inject(String name, ThrowingRunnable fault) throws Exception {
    Fault traffic =
        new Fault(run + "_" + name, new ConcurrentHashMap<>(), new long[1], new AtomicLong());
    faults.put(name, traffic);
    post(traffic, 300);
    awaitCheckpointOfEveryJob();
    post(traffic, 100);
    long start = System.nanoTime();
    fault.run();
    CompletableFuture<Void> during =
        CompletableFuture.runAsync(
            () -> {
              try {
                post(traffic, 300);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    stack.up(Set.of());
    awaitEveryTaskRunning();
    traffic.recoveryMillis()[0] = (System.nanoTime() - start) / 1_000_000;
    during.join();
    post(traffic, 300);
  }

  /** kill -9 of one process of a component. */
  private static void kill(String component, String process) {
    ProcessHandle handle =
        stack.components().stream()
            .filter(c -> c.name().equals(component))
            .flatMap(c -> c.recordedProcesses().stream())
            .filter(p -> p.name().equals(process))
            .findFirst()
            .flatMap(p -> p.running())
            .orElseThrow(() -> new AssertionError(process + " is not running"));
    handle.destroyForcibly();
    handle.onExit().join();
  }

  /**
   * Posts {@code count} records with the current report time, in batches (each to the intake's next
   * partition); a batch the intake refuses (503 while Kafka is down, no answer while it restarts)
   * is sent again, as a client would, until it is accepted.
   */
  private void post(Fault fault, int count) throws Exception {
    post(fault, count, Duration.ZERO);
  }

  /** {@link #post(Fault, int)} with report times {@code ahead} of the clock. */
  private void post(Fault fault, int count, Duration ahead) throws Exception {
    for (int sent = 0; sent < count; sent += BATCH) {
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < BATCH; i++) {
        long now = System.currentTimeMillis() + ahead.toMillis();
        body.append(
                "{\"id\":\"%s-%d\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"common\":{\"did\":\"d%d\"}}"
                    .formatted(fault.ubc(), sequence.incrementAndGet(), fault.ubc(), now, now, i))
            .append('\n');
        fault.perMinute().merge(now / 60_000 * 60_000, 1L, Long::sum);
      }
      deliver(fault, body.toString());
    }
  }

  private void deliver(Fault fault, String body) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(URI.create(stack.config().intakeUri() + "/v1/ubc/client"))
                    .timeout(Duration.ofSeconds(30))
                    .header("X-Watershed-App-Key", "demo")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 202) {
          return;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
      } catch (IOException e) {
        // The intake is down (a down/up cycle): the client tries again.
      }
      fault.refused().incrementAndGet();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The intake did not accept a batch within " + TIMEOUT);
      }
      Thread.sleep(1_000);
    }
  }

  /**
   * Waits until every stack job runs and has completed two more checkpoints (so one began after
   * now).
   */
  private void awaitCheckpointOfEveryJob() throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Map<String, Long> before = null;
    while (System.nanoTime() < deadline) {
      Map<String, Long> now = completedCheckpoints();
      if (now.size() != JobsComponent.JOBS.size()) {
        before = null;
      } else if (before == null || !before.keySet().equals(now.keySet())) {
        before = now;
      } else if (before.entrySet().stream()
          .allMatch(e -> now.get(e.getKey()) >= e.getValue() + 2)) {
        return;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("The stack jobs did not checkpoint within " + TIMEOUT);
  }

  /** Waits until every stack job runs with all its tasks: recovery is over. */
  private void awaitEveryTaskRunning() throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> running = new ArrayList<>();
      Matcher job = JOB.matcher(get("/jobs/overview"));
      while (job.find()) {
        String detail = get("/jobs/" + job.group(1));
        if (job.group(3).equals("RUNNING")
            && !detail.matches(
                "(?s).*\"status\":\"(CREATED|SCHEDULED|DEPLOYING|INITIALIZING)\".*")) {
          running.add(job.group(2));
        }
      }
      if (running.size() == JobsComponent.JOBS.size()) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("The stack jobs did not recover within " + TIMEOUT);
  }

  /** Completed checkpoints of each running stack job, by name and job id. */
  private Map<String, Long> completedCheckpoints() throws Exception {
    String overview = get("/jobs/overview");
    Map<String, Long> completed = new TreeMap<>();
    Matcher job = JOB.matcher(overview);
    while (job.find()) {
      if (job.group(3).equals("RUNNING")) {
        Matcher count = COMPLETED.matcher(get("/jobs/" + job.group(1) + "/checkpoints"));
        completed.put(
            job.group(2) + "/" + job.group(1), count.find() ? Long.parseLong(count.group(1)) : 0L);
      }
    }
    return completed;
  }

  private String get(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(stack.config().flinkRestUri() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .body();
  }

  /**
   * Real-time ticks under a UBC id of their own until the watermark has passed the end of the last
   * 5-minute window of the traffic: every window of every fault is then closed and committed.
   */
  private void closeEveryWindow() throws Exception {
    long last =
        faults.values().stream()
            .flatMap(f -> f.perMinute().keySet().stream())
            .mapToLong(Long::longValue)
            .max()
            .orElseThrow();
    long closeAfter = last / 300_000 * 300_000 + 300_000 + 15_000;
    Fault tick = new Fault(run + "_tick", new ConcurrentHashMap<>(), new long[1], new AtomicLong());
    while (System.currentTimeMillis() < closeAfter + 5_000) {
      // Two requests: the intake sends each to the next partition, so both lanes move on.
      post(tick, BATCH);
      post(tick, BATCH);
      Thread.sleep(5_000);
    }
  }

  private void assertExact(Connection trino, String name, Fault fault) throws Exception {
    String ubc = fault.ubc();
    long posted = fault.posted();
    awaitValue(
        trino,
        "SELECT count(*), count(DISTINCT event_id) FROM lake.ubc.events WHERE ubc = '" + ubc + "'",
        posted + "|" + posted,
        name + ": ubc.events holds each event once");

    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        long late = assertWindows(trino, name, fault);
        System.out.printf(
            "crash %-22s posted %5d, ubc.events %5d, late %3d%n", name, posted, posted, late);
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(e.getMessage() + "\n" + diagnosis(trino, fault), e);
        }
        Thread.sleep(3_000);
      }
    }
  }

  /** Checks every window of the fault's UBC id; returns how many of its events are late. */
  private static long assertWindows(Connection trino, String name, Fault fault) throws Exception {
    String ubc = fault.ubc();
    Map<Long, Long> late = new TreeMap<>();
    for (String row :
        TrinoQueries.rows(
            trino,
            "SELECT to_unixtime(date_trunc('minute', report_ts)) * 1000, count(DISTINCT event_id)"
                + " FROM lake.ubc.late WHERE ubc = '"
                + ubc
                + "' GROUP BY 1")) {
      String[] parts = row.split("\\|");
      late.put((long) Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
    }
    for (long size : List.of(60_000L, 300_000L)) {
      String table = size == 60_000L ? "lake.ubc.metrics_1m" : "lake.ubc.metrics_5m";
      Map<Long, Long> expected = new TreeMap<>();
      Map<Long, Long> lateInWindow = new TreeMap<>();
      fault
          .perMinute()
          .forEach((minute, count) -> expected.merge(minute / size * size, count, Long::sum));
      late.forEach((minute, count) -> lateInWindow.merge(minute / size * size, count, Long::sum));
      Map<Long, Long> actual = new TreeMap<>();
      for (String row :
          TrinoQueries.rows(
              trino,
              "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM "
                  + table
                  + " WHERE ubc = '"
                  + ubc
                  + "' GROUP BY 1")) {
        String[] parts = row.split("\\|");
        actual.put((long) Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
      }
      // No window of minutes nothing was posted in; a window whose records all came late (the
      // watermark may run ahead of the clock after another test's traffic) has no row at all.
      assertThat(expected.keySet())
          .as(name + " " + table + " windows")
          .containsAll(actual.keySet());
      for (Map.Entry<Long, Long> window : expected.entrySet()) {
        long counted = actual.getOrDefault(window.getKey(), 0L);
        long kept = lateInWindow.getOrDefault(window.getKey(), 0L);
        String what =
            "%s %s window %d: counted %d, late %d, posted %d"
                .formatted(name, table, window.getKey(), counted, kept, window.getValue());
        // Never counted twice; short only by events kept in ubc.late.
        assertThat(counted).as(what).isLessThanOrEqualTo(window.getValue());
        assertThat(counted + kept).as(what).isGreaterThanOrEqualTo(window.getValue());
      }
    }
    return late.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * What the lake holds for a fault whose windows are wrong: per minute, what was posted, counted
   * in ubc.events, counted in metrics_1m and kept in ubc.late (with the watermark that made it
   * late), and the progress rows of the window job.
   */
  private static String diagnosis(Connection trino, Fault fault) throws Exception {
    String ubc = fault.ubc();
    StringBuilder out =
        new StringBuilder("minute|posted|events|metrics_1m|late|late_wm_min|late_wm_max\n");
    Map<Long, String> events =
        minuteCounts(
            trino,
            "SELECT to_unixtime(date_trunc('minute', report_ts)) * 1000, count(*) FROM lake.ubc.events WHERE ubc = '"
                + ubc
                + "' GROUP BY 1");
    Map<Long, String> windows =
        minuteCounts(
            trino,
            "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM lake.ubc.metrics_1m WHERE ubc = '"
                + ubc
                + "' GROUP BY 1");
    Map<Long, String> late =
        minuteCounts(
            trino,
            "SELECT to_unixtime(date_trunc('minute', report_ts)) * 1000, count(*), CAST(min(\"watermark\") AS varchar), CAST(max(\"watermark\") AS varchar) FROM lake.ubc.late WHERE ubc = '"
                + ubc
                + "' GROUP BY 1");
    Set<Long> minutes = new java.util.TreeSet<>(fault.perMinute().keySet());
    minutes.addAll(events.keySet());
    minutes.addAll(windows.keySet());
    minutes.addAll(late.keySet());
    for (long minute : minutes) {
      out.append(java.time.Instant.ofEpochMilli(minute))
          .append('|')
          .append(fault.perMinute().getOrDefault(minute, 0L))
          .append('|')
          .append(events.getOrDefault(minute, "0"))
          .append('|')
          .append(windows.getOrDefault(minute, "0"))
          .append('|')
          .append(late.getOrDefault(minute, "0|-|-"))
          .append('\n');
    }
    out.append("lake.ops.progress:\n");
    for (String row :
        TrinoQueries.rows(
            trino,
            "SELECT job, source, CAST(\"watermark\" AS varchar), CAST(updated_at AS varchar) FROM lake.ops.progress")) {
      out.append(row).append('\n');
    }
    return out.toString();
  }

  private static Map<Long, String> minuteCounts(Connection trino, String sql) throws Exception {
    Map<Long, String> counts = new TreeMap<>();
    for (String row : TrinoQueries.rows(trino, sql)) {
      int bar = row.indexOf('|');
      counts.put((long) Double.parseDouble(row.substring(0, bar)), row.substring(bar + 1));
    }
    return counts;
  }

  private static void awaitValue(Connection trino, String sql, String expected, String what)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    List<String> rows = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      rows = TrinoQueries.rows(trino, sql);
      if (rows.equals(List.of(expected))) {
        return;
      }
      Thread.sleep(2_000);
    }
    assertThat(rows).as(what).containsExactly(expected);
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
