package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end over the stack (issue 18): windows of a UBC ID of this test's own are written
 * into lake.ubc.metrics_1m through Trino, a day of normal windows and, a day later, the same
 * windows with one forced drop (and a smaller drop, a drop from a tiny baseline, and a drop of
 * another dimension value, none of which may fire). Two drop rules created through the API, limited
 * to d1 = android, evaluate them once the watermark (lake.ops.progress) has passed them; their
 * webhooks are real HTTP receivers (the JDK's server on a free port). Exactly one firing per rule,
 * for the forced drop's window, in {@code GET /v1/alerts/firings}; one receiver takes it at once,
 * the other fails twice and then takes it: it gets the same firing id on every attempt, and there
 * is still one firing.
 */
class AlertsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final int MINUTES = 20;
  private static final int DROPPED = 7;
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private static LocalStack stack;
  private static String ubc;

  /**
   * The first window of the current range: a whole hour 22 to 23 hours back, so the range is well
   * before the watermark, and the windows a day after it (which would see it as their baseline) lie
   * an hour or more in the future: not final while this test runs.
   */
  private static long start;

  private static HttpServer receiver;
  private static ExecutorService receiverThreads;

  /** What each receiver got: the firing id header and the body, in order. */
  private static final Map<String, List<String[]>> received = new ConcurrentHashMap<>();

  /** Attempts per firing id at the flaky receiver. */
  private static final Map<String, AtomicInteger> flakyAttempts = new ConcurrentHashMap<>();

  private static final List<Long> rules = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void writeWindowsAndStartReceiver() throws Exception {
    stack = TestStack.shared();
    ubc = TestStack.unique("al");
    start = Instant.now().minus(22, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
    List<String> rows = new ArrayList<>();
    for (int minute = 0; minute < MINUTES; minute++) {
      long normal = 1000 + minute;
      // the day before: normal, except a tiny baseline at minute 15
      long dayBefore = minute == 15 ? 20 : normal;
      long current =
          switch (minute) {
            case DROPPED -> 300; // 70 % below the day before: fires
            case 12 -> 650; // 35 % below: under the rule's 50 %
            case 15 -> 5; // 75 % below a baseline of 20, under minBaseline 100
            default -> normal;
          };
      rows.add(row(start - DAY + minute * MINUTE, "android", dayBefore));
      rows.add(row(start + minute * MINUTE, "android", current));
      // another value of d1: its drop at minute 3 is not the rules' business
      rows.add(row(start - DAY + minute * MINUTE, "ios", 800));
      rows.add(row(start + minute * MINUTE, "ios", minute == 3 ? 8 : 800));
    }
    try (Connection trino = TrinoQueries.connect(stack);
        Statement statement = trino.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO lake.ubc.metrics_1m VALUES\n" + String.join(",\n", rows));
    }

    receiverThreads = Executors.newFixedThreadPool(4);
    receiver = HttpServer.create(new InetSocketAddress(stack.config().host(), 0), 0);
    receiver.setExecutor(receiverThreads);
    receiver.createContext("/ok", exchange -> receive(exchange, "ok", 204));
    receiver.createContext(
        "/flaky",
        exchange -> {
          String firingId = exchange.getRequestHeaders().getFirst("Watershed-Firing-Id");
          int attempt =
              flakyAttempts
                  .computeIfAbsent(String.valueOf(firingId), id -> new AtomicInteger())
                  .incrementAndGet();
          receive(exchange, "flaky", attempt <= 2 ? 500 : 204);
        });
    receiver.start();
  }

  @AfterAll
  static void deleteRulesAndStopReceiver() throws Exception {
    try {
      for (long rule : rules) {
        send("DELETE", "/v1/alerts/" + rule, null);
      }
    } finally {
      if (receiver != null) {
        receiver.stop(0);
        receiverThreads.shutdownNow();
      }
    }
  }

  @Test
  void aForcedDropFiresOnceAndEveryReceiverGetsItOnce() throws Exception {
    awaitWatermarkPast(start + MINUTES * MINUTE);
    createUbcIdWithOsDimension();
    long ok = createDropRule("/ok");
    long flaky = createDropRule("/flaky");

    // both rules evaluate past the current range, and deliver
    JsonNode okFiring = awaitFiring(ok, "delivered");
    JsonNode flakyFiring = awaitFiring(flaky, "delivered");
    awaitEvaluatedPast(ok, start + MINUTES * MINUTE);
    awaitEvaluatedPast(flaky, start + MINUTES * MINUTE);

    for (JsonNode firing : List.of(okFiring, flakyFiring)) {
      assertThat(Instant.parse(firing.path("windowStart").textValue()).toEpochMilli())
          .isEqualTo(start + DROPPED * MINUTE);
      assertThat(Instant.parse(firing.path("windowEnd").textValue()).toEpochMilli())
          .isEqualTo(start + (DROPPED + 1) * MINUTE);
      assertThat(firing.path("value").longValue()).isEqualTo(300);
      assertThat(firing.path("baseline").longValue()).isEqualTo(1000 + DROPPED);
      assertThat(firing.path("kind").textValue()).isEqualTo("drop");
      assertThat(firing.path("ubc").textValue()).isEqualTo(ubc);
    }
    // exactly one firing per rule: none for the normal windows, the small drop, the tiny
    // baseline or the other dimension value
    assertThat(firings(ok)).hasSize(1);
    assertThat(firings(flaky)).hasSize(1);

    // the receiver that answers at once got it once
    assertThat(okFiring.path("attempts").intValue()).isEqualTo(1);
    assertThat(okFiring.path("lastStatus").textValue()).isEqualTo("HTTP 204");
    List<String[]> atOk = received.getOrDefault("ok", List.of());
    assertThat(atOk).hasSize(1);
    assertThat(atOk.get(0)[0]).isEqualTo(okFiring.path("firingId").textValue());
    JsonNode body = JSON.readTree(atOk.get(0)[1]);
    assertThat(body.path("firingId").textValue()).isEqualTo(okFiring.path("firingId").textValue());
    assertThat(body.path("ruleId").longValue()).isEqualTo(ok);
    assertThat(body.path("ubc").textValue()).isEqualTo(ubc);
    assertThat(body.path("filter").toString()).isEqualTo("{\"d1\":\"android\"}");
    assertThat(body.path("windowStart").textValue())
        .isEqualTo(Instant.ofEpochMilli(start + DROPPED * MINUTE).toString());
    assertThat(body.path("value").longValue()).isEqualTo(300);
    assertThat(body.path("baseline").longValue()).isEqualTo(1000 + DROPPED);
    assertThat(body.path("compareTo").textValue()).isEqualTo("day");
    assertThat(body.path("changePercent").doubleValue()).isLessThanOrEqualTo(-50.0);

    // the receiver that failed twice: three attempts of one firing, one id, one body
    assertThat(flakyFiring.path("attempts").intValue()).isEqualTo(3);
    assertThat(flakyFiring.path("lastStatus").textValue()).isEqualTo("HTTP 204");
    List<String[]> atFlaky = received.getOrDefault("flaky", List.of());
    assertThat(atFlaky).hasSize(3);
    assertThat(atFlaky.stream().map(r -> r[0]).distinct().toList())
        .containsExactly(flakyFiring.path("firingId").textValue());
    assertThat(atFlaky.stream().map(r -> r[1]).distinct().toList()).hasSize(1);
    assertThat(flakyFiring.path("firingId").textValue())
        .isNotEqualTo(okFiring.path("firingId").textValue());

    // the history lists both, newest first, and the counters moved
    JsonNode delivered = get("/v1/alerts/firings?state=delivered&limit=1000", 200).path("firings");
    List<Long> ruleIds = new ArrayList<>();
    delivered.forEach(firing -> ruleIds.add(firing.path("ruleId").longValue()));
    assertThat(ruleIds).contains(ok, flaky);
    String metrics = send("GET", "/metrics", null).body();
    assertThat(metrics)
        .contains("watershed_monitor_alert_firings_total")
        .contains("watershed_monitor_alert_deliveries_total{outcome=\"failed\"}");
  }

  // ---- the windows' watermark

  /**
   * Waits until the windows' watermark is past {@code end}. A stack that has had traffic since is
   * there already; a fresh one gets a few records now and then, reported a minute ago, until a
   * minute of them closes and the job writes its progress.
   */
  private static void awaitWatermarkPast(long end) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    int batch = 0;
    while (true) {
      JsonNode watermark = get("/v1/watermark", 200).path("watermark");
      if (watermark.isNumber() && watermark.longValue() >= end) {
        return;
      }
      assertThat(System.nanoTime())
          .as("the watermark %s passes %s", watermark, Instant.ofEpochMilli(end))
          .isLessThan(deadline);
      postRecords(batch++);
      Thread.sleep(20_000);
    }
  }

  /** A few valid event records of a demo UBC ID, reported a minute ago (late ones are dropped). */
  private static void postRecords(int batch) throws IOException {
    long rts = System.currentTimeMillis() - MINUTE;
    List<GeneratedRecord> records = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String id = "alerts-it-%s-%d-%d".formatted(ubc, batch, i);
      records.add(
          new GeneratedRecord(
              id,
              "ubc_0002",
              "event",
              "server",
              rts - 1000,
              rts,
              null,
              true,
              null,
              ("{\"id\":\"%s\",\"ubc\":\"ubc_0002\",\"type\":\"event\",\"ts\":%d,"
                      + "\"rts\":%d,\"common\":{\"did\":\"alerts-it\"}}")
                  .formatted(id, rts - 1000, rts)));
    }
    new TrafficSender(stack.config().intakeUri(), "demo", 16, 0)
        .send(records, new PrintStream(PrintStream.nullOutputStream()));
  }

  // ---- rules

  private static void createUbcIdWithOsDimension() throws Exception {
    Map<String, Object> ubcId = new LinkedHashMap<>();
    ubcId.put("id", ubc);
    ubcId.put("name", "alerts test " + ubc);
    ubcId.put("logType", "event");
    ubcId.put("owner", "alerts-it");
    HttpResponse<String> created = send("POST", "/v1/ubc-ids", JSON.writeValueAsString(ubcId));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> dimension =
        send(
            "POST",
            "/v1/ubc-ids/" + ubc + "/dimensions",
            JSON.writeValueAsString(
                Map.of("slot", 1, "source", "common.os", "mapping", "one-to-one")));
    assertThat(dimension.statusCode()).as(dimension.body()).isEqualTo(201);
  }

  /** A drop rule on d1 = android: 50 % or more below the day before, from a baseline of 100. */
  private static long createDropRule(String path) throws Exception {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("name", "android drop " + path);
    rule.put("ubc", ubc);
    rule.put("filter", Map.of("d1", "android"));
    rule.put("kind", "drop");
    rule.put("metric", "pv");
    rule.put("step", "1m");
    rule.put("compareTo", "day");
    rule.put("percent", 50);
    rule.put("minBaseline", 100);
    rule.put(
        "webhook",
        "http://%s:%d%s".formatted(stack.config().host(), receiver.getAddress().getPort(), path));
    // from ten minutes before the range: windows without rows and without a baseline stay quiet
    rule.put("startAt", Instant.ofEpochMilli(start - 10 * MINUTE).toString());
    HttpResponse<String> created = send("POST", "/v1/alerts", JSON.writeValueAsString(rule));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long id = JSON.readTree(created.body()).at("/alert/id").longValue();
    rules.add(id);
    return id;
  }

  private static List<JsonNode> firings(long rule) throws Exception {
    List<JsonNode> firings = new ArrayList<>();
    get("/v1/alerts/firings?rule=" + rule, 200).path("firings").forEach(firings::add);
    return firings;
  }

  /** The rule's first firing once it is in {@code state}. */
  private static JsonNode awaitFiring(long rule, String state) throws Exception {
    return await(
        "a firing of rule " + rule + " " + state,
        () -> {
          List<JsonNode> firings = firings(rule);
          return firings.isEmpty() ? null : firings.get(firings.size() - 1);
        },
        firing -> state.equals(firing.path("state").textValue()));
  }

  private static void awaitEvaluatedPast(long rule, long end) throws Exception {
    await(
        "rule " + rule + " evaluated past " + Instant.ofEpochMilli(end),
        () -> get("/v1/alerts/" + rule, 200),
        alert -> Instant.parse(alert.path("evaluatedUntil").textValue()).toEpochMilli() >= end);
  }

  @FunctionalInterface
  private interface Probe {
    JsonNode read() throws Exception;
  }

  private static JsonNode await(String what, Probe probe, Predicate<JsonNode> done)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = probe.read();
      if (last != null && done.test(last)) {
        return last;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError("Waited %s for %s; last seen: %s".formatted(TIMEOUT, what, last));
  }

  // ---- helpers

  private static void receive(HttpExchange exchange, String receiver, int status)
      throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
    received
        .computeIfAbsent(receiver, name -> new CopyOnWriteArrayList<>())
        .add(new String[] {exchange.getRequestHeaders().getFirst("Watershed-Firing-Id"), body});
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  /** One window row of d1 = {@code os}: an event log, the other dimensions empty. */
  private static String row(long windowStart, String os, long pv) {
    return "(%s, %s, '%s', 'event', '%s', NULL, NULL, NULL, NULL, NULL, %d, NULL, NULL, 1)"
        .formatted(timestamp(windowStart), timestamp(windowStart + MINUTE), ubc, os, pv);
  }

  private static String timestamp(long millis) {
    return "TIMESTAMP '" + TIMESTAMP.format(Instant.ofEpochMilli(millis)) + "'";
  }

  private static JsonNode get(String path, int status) throws Exception {
    return MonitorCalls.get(stack, path, status);
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    return MonitorCalls.send(stack, method, path, body);
  }
}
