package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.watershed.contracts.MonitorRecord;
import io.watershed.contracts.Ticks;
import io.watershed.contracts.Topics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ticks (contracts Ticks) through the four jobs' SQL on a MiniCluster ({@link JobOnFiles}): they
 * never reach the lake, they pass layer 2 in their lane, and in ubc_windows they close the last
 * minute of a stream that went quiet, move lake.ops.progress on, and are never counted nor late.
 */
class TicksThroughTheJobsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000;

  /** A 5-minute-aligned start. */
  private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

  @TempDir Path directory;

  @Test
  void rawToLakeKeepsTicksOutOfTheRawLayer() throws Exception {
    try (JobOnFiles job = JobOnFiles.start("raw_to_lake", directory, Map.of())) {
      job.append(
          "raw_lines",
          List.of(
              raw("{\"id\":\"e1\"}", intake("b1", 0), null),
              raw("", Map.of(Ticks.HEADER, Long.toString(T0)), null),
              raw("{\"id\":\"m1\"}", intake("b2", 0), null)));
      List<JsonNode> lines =
          job.await("logs.lines", "the marker", rows -> lineOf(rows, "{\"id\":\"m1\"}"));
      assertThat(lines)
          .extracting(row -> row.get("line").asText())
          .containsExactlyInAnyOrder("{\"id\":\"e1\"}", "{\"id\":\"m1\"}");
    }
  }

  @Test
  void ubcCleanPassesTicksInTheirLaneAndNeverToTheLake() throws Exception {
    try (JobOnFiles job = JobOnFiles.start("ubc_clean", directory, Map.of())) {
      String e1 = event("e1", "ubc_0001", T0 + 2_000);
      job.append(
          "raw_ubc",
          List.of(
              raw(e1, intake("b1", 0), 0),
              raw("", Map.of(Ticks.HEADER, Long.toString(T0 + 4_000)), 0),
              // A client's retry of e1 in another batch and lane, and a record without UBC id.
              raw(e1, intake("b2", 0), 1),
              raw("{\"id\":\"x1\"}", intake("b2", 1), 1),
              raw("", Map.of(Ticks.HEADER, Long.toString(T0 + 4_000)), 1),
              // Not a number: no tick, and no record either.
              raw("", Map.of(Ticks.HEADER, "soon"), 1),
              // Markers last (a file is read in order): once committed, so is all before them.
              raw(event("m1", "ubc_0001", T0 + 8_000), intake("b3", 0), 0),
              raw("{\"id\":\"m2\"}", intake("b3", 1), 0),
              raw("", Map.of(Ticks.HEADER, Long.toString(T0 + 9_000)), 0)));
      List<JsonNode> clean =
          job.await(
              "clean_ubc",
              "the last tick",
              rows -> rows.stream().anyMatch(r -> iso(T0 + 9_000).equals(instant(r, "report_ts"))));
      List<JsonNode> events = job.await("ubc.events", "the marker", rows -> has(rows, "m1"));
      List<JsonNode> rejects =
          job.await(
              "ubc.rejects", "the marker", rows -> rows.stream().anyMatch(r -> payload(r, "m2")));

      // Sinks roll a file per checkpoint: rows of several files, in no particular order.
      assertThat(events)
          .extracting(row -> row.get("event_id").asText())
          .containsExactlyInAnyOrder("e1", "m1");
      assertThat(rejects)
          .extracting(row -> row.get("payload").asText())
          .containsExactlyInAnyOrder("{\"id\":\"x1\"}", "{\"id\":\"m2\"}");
      // event id | log type | report time | lane
      assertThat(clean)
          .extracting(TicksThroughTheJobsIT::cleanRow)
          .containsExactlyInAnyOrder(
              "e1|event|" + iso(T0 + 2_000) + "|0",
              "null|tick|" + iso(T0 + 4_000) + "|0",
              "e1|event|" + iso(T0 + 2_000) + "|1",
              "null|tick|" + iso(T0 + 4_000) + "|1",
              "m1|event|" + iso(T0 + 8_000) + "|0",
              "null|tick|" + iso(T0 + 9_000) + "|0");
      assertThat(clean)
          .filteredOn(row -> row.get("log_type").asText().equals(Ticks.TYPE))
          .allSatisfy(
              tick -> {
                assertThat(tick.get("ubc").isNull()).isTrue();
                assertThat(tick.get("channel").isNull()).isTrue();
              });
    }
  }

  @Test
  void ubcMonitorPassesTicksInTheirLaneWithoutRules() throws Exception {
    HttpServer rules = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    rules.createContext(
        "/v1/rules",
        exchange -> {
          byte[] body = "{\"version\":7,\"ubcIds\":[]}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    rules.start();
    try (JobOnFiles job =
        JobOnFiles.start(
            "ubc_monitor",
            directory,
            Map.of("jobs.rules-url", "http://127.0.0.1:" + rules.getAddress().getPort()))) {
      job.append(
          "clean_ubc",
          List.of(
              clean("e1", "event", T0 + 2_000, 0),
              clean(null, Ticks.TYPE, T0 + 4_000, 1),
              clean("m1", "event", T0 + 5_000, 1)));
      List<JsonNode> queue = job.await("monitor_queue", "the marker", rows -> has(rows, "m1"));
      // id | ubc | t | rts | d1..d6 | rules version | device | lane
      assertThat(queue)
          .extracting(TicksThroughTheJobsIT::monitorRow)
          .containsExactlyInAnyOrder(
              "e1|ubc_0001|e|" + (T0 + 2_000) + "|||||||7|d-e1|0",
              "null|null|tick|" + (T0 + 4_000) + "|||||||null|null|1",
              "m1|ubc_0001|e|" + (T0 + 5_000) + "|||||||7|d-m1|1");
    } finally {
      rules.stop(0);
    }
  }

  @Test
  void ubcWindowsClosesAQuietMinuteOnTicksAndNeverCountsThem() throws Exception {
    try (JobOnFiles job = JobOnFiles.start("ubc_windows", directory, Map.of())) {
      // Three events (one delivered twice) in minute T0, then the stream goes quiet: only ticks.
      // (One file: the source reads a file in order, files found together in any order.)
      job.append(
          "monitor_queue",
          List.of(
              monitor("e1", "e", T0 + 5_000),
              monitor("e2", "e", T0 + 20_000),
              monitor("e2", "e", T0 + 20_000),
              monitor("e3", "e", T0 + 30_000),
              monitor(null, MonitorRecord.TICK, T0 + 40_000),
              monitor(null, MonitorRecord.TICK, T0 + MINUTE + 15_000)));
      List<JsonNode> minutes =
          job.await("ubc.metrics_1m", "the quiet minute", rows -> !rows.isEmpty());
      assertThat(minutes)
          .extracting(TicksThroughTheJobsIT::metricsRow)
          .containsExactly(iso(T0) + "|u1|event|3");

      // Behind the watermark now: an event (late) and a tick of a slower intake (dropped).
      job.append(
          "monitor_queue",
          List.of(monitor("e4", "e", T0 + 10_000), monitor(null, MonitorRecord.TICK, T0 + 12_000)));
      job.await("ubc.late", "the late event", rows -> !rows.isEmpty());
      // Ticks alone close minute T0+1 (no events: progress only) and the 5-minute window.
      job.append(
          "monitor_queue", List.of(monitor(null, MonitorRecord.TICK, T0 + 5 * MINUTE + 15_000)));
      List<JsonNode> fives = job.await("ubc.metrics_5m", "the 5 minutes", rows -> !rows.isEmpty());
      List<JsonNode> progress =
          job.await(
              "ops.progress",
              "minute T0+1 closed by ticks",
              rows ->
                  rows.stream()
                      .anyMatch(r -> instant(r, "watermark").equals(iso(T0 + 2 * MINUTE))));

      assertThat(fives)
          .extracting(TicksThroughTheJobsIT::metricsRow)
          .containsExactly(iso(T0) + "|u1|event|3");
      assertThat(job.rows("ubc.metrics_1m"))
          .extracting(TicksThroughTheJobsIT::metricsRow)
          .containsExactly(iso(T0) + "|u1|event|3");
      assertThat(job.rows("ubc.late"))
          .extracting(row -> row.get("event_id").asText())
          .containsExactly("e4");
      assertThat(progress)
          .extracting(
              row -> text(row, "job") + "|" + text(row, "source") + "|" + instant(row, "watermark"))
          .containsExactlyInAnyOrder(
              "watershed-ubc_windows|" + Topics.MONITOR + "|" + iso(T0 + MINUTE),
              "watershed-ubc_windows|" + Topics.MONITOR + "|" + iso(T0 + 2 * MINUTE));
    }
  }

  private static String raw(String line, Map<String, String> headers, Integer lane) {
    ObjectNode row = JSON.createObjectNode();
    row.put("line", line);
    row.put("topic", Topics.RAW_UBC);
    ObjectNode encoded = row.putObject("headers");
    headers.forEach(
        (name, value) ->
            encoded.put(
                name, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
    row.put("kafka_ts", iso(T0 + 3_000));
    if (lane != null) {
      row.put("lane", lane);
    }
    return row.toString();
  }

  private static Map<String, String> intake(String batch, int index) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("app", "demo");
    headers.put("channel", "client");
    headers.put("batch_id", batch);
    headers.put("batch_index", Integer.toString(index));
    headers.put("receive_ts", Long.toString(T0 + 3_000));
    return headers;
  }

  private static String event(String id, String ubc, long rts) {
    return "{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"common\":{\"did\":\"d-%s\"}}"
        .formatted(id, ubc, rts - 1_000, rts, id);
  }

  private static String clean(String id, String logType, long rts, int lane) {
    ObjectNode row = JSON.createObjectNode();
    row.put("event_id", id);
    row.put("ubc", id == null ? null : "ubc_0001");
    row.put("log_type", logType);
    row.put("report_ts", iso(rts));
    row.put("device_id", id == null ? null : "d-" + id);
    if (id != null) {
      row.putObject("ext");
    }
    row.put("lane", lane);
    return row.toString();
  }

  private static String monitor(String id, String type, long rts) {
    ObjectNode row = JSON.createObjectNode();
    row.put("id", id);
    row.put("ubc", id == null ? null : "u1");
    row.put("t", type);
    row.put("rts", rts);
    for (String slot : MonitorRecord.DIMENSIONS) {
      row.put(slot, "");
    }
    if (id != null) {
      row.put("rv", 1);
      row.put("dev", "d-" + id);
    }
    return row.toString();
  }

  private static String iso(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  private static boolean has(List<JsonNode> rows, String id) {
    return rows.stream()
        .anyMatch(row -> id.equals(text(row, "event_id")) || id.equals(text(row, "id")));
  }

  private static boolean lineOf(List<JsonNode> rows, String line) {
    return rows.stream().anyMatch(row -> line.equals(text(row, "line")));
  }

  private static boolean payload(JsonNode row, String id) {
    return text(row, "payload").contains(id);
  }

  private static String text(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** A timestamp field as {@link Instant#toString()} writes it. */
  private static String instant(JsonNode row, String field) {
    String value = text(row, field);
    return value == null ? null : Instant.parse(value).toString();
  }

  private static String cleanRow(JsonNode row) {
    return String.join(
        "|",
        String.valueOf(text(row, "event_id")),
        text(row, "log_type"),
        instant(row, "report_ts"),
        text(row, "lane"));
  }

  private static String monitorRow(JsonNode row) {
    StringBuilder fields = new StringBuilder();
    for (String field :
        List.of("id", "ubc", "t", "rts", "d1", "d2", "d3", "d4", "d5", "d6", "rv", "dev", "lane")) {
      if (fields.length() > 0) {
        fields.append('|');
      }
      fields.append(text(row, field));
    }
    return fields.toString();
  }

  private static String metricsRow(JsonNode row) {
    return String.join(
        "|",
        instant(row, "window_start"),
        text(row, "ubc"),
        text(row, "log_type"),
        text(row, "pv"));
  }
}
