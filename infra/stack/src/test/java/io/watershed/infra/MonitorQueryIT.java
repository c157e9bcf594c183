package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.datasketches.theta.UpdateSketch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor's query API against the stack's Trino (issue 18): windows of a UBC ID of this test's
 * own, written into lake.ubc.metrics_1m and metrics_5m through Trino, read back through {@code GET
 * /v1/series} and compared with direct Trino queries of the same windows (totals, filters, top-N
 * grouping with "other", a day's comparison, distinct devices from the sketches, hours rolled up
 * from five minutes); the watermark; and {@code POST /v1/sql} as the read-only Trino user, which
 * may SELECT from the lake and is refused INSERT, CREATE and other catalogs by Trino itself.
 */
class MonitorQueryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  private static final List<String> GROUPS = List.of("a", "b", "c", "d", "e", "f");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private static LocalStack stack;
  private static String ubc;

  /** The start of the current range: a whole hour two days back, so every window is old. */
  private static long start;

  @BeforeAll
  static void writeWindows() throws Exception {
    stack = TestStack.shared();
    ubc = TestStack.unique("mq");
    start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS).toEpochMilli();
    List<String> minutes = new ArrayList<>();
    // the current range: 10 minutes x 6 groups (d2) x 2 values of d1; and the day before
    for (long shift : new long[] {0, DAY}) {
      for (int minute = 0; minute < 10; minute++) {
        for (int group = 0; group < GROUPS.size(); group++) {
          for (String d1 : List.of("x", "y")) {
            long windowStart = start - shift + minute * MINUTE;
            // uneven by group, so the ranking is clear; the day before favours other groups
            long pv =
                shift == 0 ? (group + 1) * 10L + minute : (GROUPS.size() - group) * 7L + minute;
            if (d1.equals("y")) {
              pv = pv / 2 + 1;
            }
            minutes.add(
                row(
                    windowStart,
                    MINUTE,
                    d1,
                    GROUPS.get(group),
                    pv,
                    pv * 1000 + minute,
                    group,
                    minute));
          }
        }
      }
    }
    // two hours of five-minute windows, for the rolled-up hours
    List<String> fives = new ArrayList<>();
    for (int window = 0; window < 24; window++) {
      for (int group = 0; group < 3; group++) {
        long pv = window * 3L + group + 1;
        fives.add(
            row(
                start + window * 5 * MINUTE,
                5 * MINUTE,
                "x",
                GROUPS.get(group),
                pv,
                pv * 10,
                group,
                window));
      }
    }
    try (Connection trino = TrinoQueries.connect(stack);
        Statement statement = trino.createStatement()) {
      statement.executeUpdate(
          "INSERT INTO lake.ubc.metrics_1m VALUES\n" + String.join(",\n", minutes));
      statement.executeUpdate(
          "INSERT INTO lake.ubc.metrics_5m VALUES\n" + String.join(",\n", fives));
    }
  }

  /** One window row: devices are a Theta sketch of devices that overlap between groups. */
  private static String row(
      long windowStart,
      long length,
      String d1,
      String d2,
      long pv,
      long durationMs,
      int group,
      int n) {
    UpdateSketch sketch = UpdateSketch.builder().build();
    for (int device = 0; device < 5 + n; device++) {
      // shared between neighbouring groups and minutes: a sum of counts would count them twice
      sketch.update("device-" + (group + device) + "-" + d1);
    }
    return "(%s, %s, '%s', 'flow', '%s', '%s', NULL, NULL, NULL, NULL, %d, %d, X'%s', 1)"
        .formatted(
            timestamp(windowStart),
            timestamp(windowStart + length),
            ubc,
            d1,
            d2,
            pv,
            durationMs,
            HexFormat.of().formatHex(sketch.compact().toByteArray()));
  }

  private static String timestamp(long millis) {
    return "TIMESTAMP '" + TIMESTAMP.format(Instant.ofEpochMilli(millis)) + "'";
  }

  @Test
  void totalsWithAFilterEqualTrino() throws Exception {
    JsonNode answer = series("metric=pv&step=1m&d1=x", start, start + 10 * MINUTE);
    assertThat(answer.path("ubc").textValue()).isEqualTo(ubc);
    assertThat(answer.path("step").textValue()).isEqualTo("1m");
    assertThat(answer.path("from").longValue()).isEqualTo(start);
    assertThat(answer.path("to").longValue()).isEqualTo(start + 10 * MINUTE);
    assertThat(longs(answer.path("timestamps")))
        .isEqualTo(everyStep(start, start + 10 * MINUTE, MINUTE));
    assertThat(answer.path("series").size()).isEqualTo(1);
    assertThat(answer.at("/series/0/name").textValue()).isEqualTo("total");
    Map<Long, String> expected =
        trino(
            "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM lake.ubc.metrics_1m"
                + " WHERE ubc = '%s' AND d1 = 'x' AND %s GROUP BY 1",
            range(start, start + 10 * MINUTE));
    assertThat(values(answer, "/series/0/values")).isEqualTo(expected);
    assertThat(expected).hasSize(10);

    // avg_duration: total duration over pv, both filters (d1 = x, d2 in b, c)
    JsonNode average = series("metric=avg_duration&d1=x&d2=b&d2=c", start, start + 10 * MINUTE);
    assertThat(doubles(average, "/series/0/values"))
        .isEqualTo(
            trinoDoubles(
                "SELECT to_unixtime(window_start) * 1000,"
                    + " CAST(sum(duration_ms) AS double) / sum(pv) FROM lake.ubc.metrics_1m"
                    + " WHERE ubc = '%s' AND d1 = 'x' AND d2 IN ('b', 'c') AND %s GROUP BY 1",
                range(start, start + 10 * MINUTE)));

    // a range with windows only at its start: the rest are null
    JsonNode partial = series("", start + 8 * MINUTE, start + 12 * MINUTE);
    assertThat(texts(partial, "/series/0/values"))
        .containsExactly(
            trinoSum(start + 8 * MINUTE), trinoSum(start + 9 * MINUTE), "null", "null");
  }

  @Test
  void topGroupsOtherAndTheDayBeforeEqualTrino() throws Exception {
    long to = start + 10 * MINUTE;
    JsonNode answer = series("metric=pv&d1=x&group=d2&top=3&compare=day", start, to);
    // ranking over the range, as the service does: by total pv, then name
    Map<String, Long> totals = new HashMap<>();
    trinoRows(
            "SELECT d2, sum(pv) FROM lake.ubc.metrics_1m WHERE ubc = '%s' AND d1 = 'x' AND %s"
                + " GROUP BY 1",
            range(start, to))
        .forEach(row -> totals.put(row[0], Long.parseLong(row[1])));
    List<String> top =
        totals.entrySet().stream()
            .sorted(
                Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                    .reversed()
                    .thenComparing(Map.Entry::getKey))
            .limit(3)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(top).containsExactly("f", "e", "d");
    List<String> names = new ArrayList<>();
    answer.path("series").forEach(series -> names.add(series.path("name").textValue()));
    assertThat(names).containsExactly("f", "e", "d", "other");
    for (int i = 0; i < 3; i++) {
      assertThat(values(answer, "/series/" + i + "/values"))
          .as(top.get(i))
          .isEqualTo(groupSums(start, to, "d2 = '" + top.get(i) + "'", 0));
    }
    assertThat(values(answer, "/series/3/values"))
        .isEqualTo(groupSums(start, to, "d2 NOT IN ('f', 'e', 'd')", 0));

    // the day before: the same groups, on the current timestamps
    JsonNode dayBefore = answer.at("/compare/day");
    assertThat(dayBefore.size()).isEqualTo(4);
    assertThat(dayBefore.at("/0/name").textValue()).isEqualTo("f");
    assertThat(dayBefore.at("/3/name").textValue()).isEqualTo("other");
    for (int i = 0; i < 3; i++) {
      assertThat(values(answer, "/compare/day/" + i + "/values"))
          .isEqualTo(groupSums(start - DAY, to - DAY, "d2 = '" + top.get(i) + "'", DAY));
    }
    assertThat(values(answer, "/compare/day/3/values"))
        .isEqualTo(groupSums(start - DAY, to - DAY, "d2 NOT IN ('f', 'e', 'd')", DAY));
    assertThat(answer.path("compare").has("week")).isFalse();
  }

  @Test
  void devicesUniteTheSketchesAndHoursRollUpFiveMinutes() throws Exception {
    long to = start + 10 * MINUTE;
    JsonNode devices = series("metric=devices&step=5m&group=d1&top=1", start, to);
    assertThat(devices.at("/series/0/name").textValue()).isEqualTo("x");
    // five-minute points of metrics_5m: the rows written for the hours
    Map<Long, Double> expected =
        trinoDoubles(
            "SELECT to_unixtime(window_start) * 1000,"
                + " theta_sketch_cardinality(theta_sketch_union(devices)) FROM lake.ubc.metrics_5m"
                + " WHERE ubc = '%s' AND d1 = 'x' AND %s GROUP BY 1",
            range(start, to));
    assertThat(doubles(devices, "/series/0/values")).isEqualTo(expected);
    // exact below 4096 entries, and a union, not a sum: groups 0..2 of window 0 share devices
    Set<String> union = new HashSet<>();
    for (int group = 0; group < 3; group++) {
      for (int device = 0; device < 5; device++) {
        union.add("device-" + (group + device) + "-x");
      }
    }
    assertThat(expected.get(start)).isEqualTo((double) union.size());

    JsonNode hours = series("metric=pv&step=1h", start, start + 2 * HOUR);
    assertThat(longs(hours.path("timestamps"))).containsExactly(start, start + HOUR);
    assertThat(values(hours, "/series/0/values"))
        .isEqualTo(
            trino(
                "SELECT to_unixtime(date_trunc('hour', window_start)) * 1000, sum(pv)"
                    + " FROM lake.ubc.metrics_5m WHERE ubc = '%s' AND %s GROUP BY 1",
                range(start, start + 2 * HOUR)));
  }

  @Test
  void everyAnswerCarriesTheWatermark() throws Exception {
    long to = start + 10 * MINUTE;
    JsonNode answer = series("", start, to);
    JsonNode watermarks = get("/v1/watermark", 200);
    assertThat(watermarks.path("jobs").isArray()).isTrue();
    watermarks
        .path("jobs")
        .forEach(job -> assertThat(job.path("source").textValue()).doesNotStartWith("gap "));
    String direct;
    try (Connection trino = TrinoQueries.connect(stack)) {
      direct =
          TrinoQueries.column(
                  trino,
                  "SELECT CAST(floor(to_unixtime(max(\"watermark\")) * 1000) AS bigint)"
                      + " FROM lake.ops.progress WHERE job = 'watershed-ubc_windows'"
                      + " AND source NOT LIKE 'gap %'")
              .get(0);
    }
    if (direct == null) {
      assertThat(answer.path("watermark").isNull()).as(answer.toString()).isTrue();
      assertThat(answer.path("final_until").isNull()).isTrue();
      return;
    }
    // the watermark only moves forward: the answer's is at most the later direct read
    long watermark = answer.path("watermark").longValue();
    assertThat(watermark).isPositive().isLessThanOrEqualTo(Long.parseLong(direct));
    assertThat(watermarks.path("watermark").longValue())
        .isBetween(watermark, Long.parseLong(direct));
    if (watermark >= to) {
      assertThat(answer.path("final_until").longValue()).isEqualTo(to);
    }
  }

  @Test
  void adHocSqlReadsTheLakeAndTrinoRefusesEveryWrite() throws Exception {
    JsonNode count =
        sql(
            "SELECT count(*) AS windows FROM ubc.metrics_1m WHERE ubc = '" + ubc + "';",
            "json",
            200);
    assertThat(count.path("columns").toString())
        .isEqualTo("[{\"name\":\"windows\",\"type\":\"bigint\"}]");
    assertThat(count.path("rows").toString()).isEqualTo("[[240]]");
    assertThat(count.path("truncated").booleanValue()).isFalse();

    HttpResponse<String> csv =
        send(
            "POST",
            "/v1/sql",
            JSON.writeValueAsString(
                Map.of(
                    "sql",
                    "SELECT d2, sum(pv) AS pv FROM lake.ubc.metrics_5m WHERE ubc = '"
                        + ubc
                        + "' GROUP BY 1 ORDER BY 1",
                    "format",
                    "csv")));
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.body()).startsWith("d2,pv\r\na,");

    JsonNode many =
        sql(
            "SELECT a * 1000 + b AS n FROM UNNEST(sequence(0, 100)) AS x(a)"
                + " CROSS JOIN UNNEST(sequence(0, 999)) AS y(b)",
            "json",
            200);
    assertThat(many.path("rows").size()).isEqualTo(10_000);
    assertThat(many.path("truncated").booleanValue()).isTrue();
    assertThat(many.path("truncated_by").textValue()).isEqualTo("rows");

    String denied = "Access Denied";
    assertThat(
            refusal(
                "INSERT INTO lake.ubc.metrics_1m SELECT * FROM lake.ubc.metrics_1m WHERE false"))
        .contains(denied, "Cannot insert into table lake.ubc.metrics_1m");
    assertThat(refusal("CREATE TABLE lake.ubc." + ubc + " (x bigint)"))
        .contains(denied, "Cannot create table");
    assertThat(refusal("CREATE SCHEMA lake." + ubc)).contains(denied);
    assertThat(refusal("DELETE FROM lake.ubc.metrics_1m WHERE ubc = '" + ubc + "'"))
        .contains(denied);
    assertThat(refusal("SELECT * FROM tpch.tiny.nation")).contains(denied);
    assertThat(refusal("SELECT * FROM system.runtime.queries")).contains(denied);
    // the writes were refused: the windows are all still there
    assertThat(
            sql("SELECT count(*) FROM lake.ubc.metrics_1m WHERE ubc = '" + ubc + "'", "json", 200)
                .path("rows")
                .toString())
        .isEqualTo("[[240]]");
    // a syntax error is Trino's message too, without a stack trace or class name
    String syntax = refusal("SELEKT 1");
    assertThat(syntax).contains("mismatched input 'SELEKT'").doesNotContain("io.trino", "\tat ");
  }

  @Test
  void badParametersAnswer400NamingThem() throws Exception {
    JsonNode step = get("/v1/series?ubc=" + ubc + "&step=2m", 400);
    assertThat(step.at("/error/message").textValue())
        .isEqualTo("Cannot read query parameter step=2m: must be one of [1m, 5m, 1h]");
    JsonNode points =
        get("/v1/series?ubc=" + ubc + "&from=" + start + "&to=" + (start + 3 * DAY), 400);
    assertThat(points.at("/error/message").textValue()).contains("the limit of 2000 (max-points)");
  }

  // ---- helpers

  private static JsonNode series(String query, long from, long to) throws Exception {
    return get(
        "/v1/series?ubc=%s&from=%d&to=%d%s"
            .formatted(ubc, from, to, query.isEmpty() ? "" : "&" + query),
        200);
  }

  /** The sums of pv of the rows matching {@code condition} (and d1 = x), moved by {@code shift}. */
  private static Map<Long, String> groupSums(long from, long to, String condition, long shift)
      throws SQLException {
    Map<Long, String> sums = new TreeMap<>();
    trino(
            "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM lake.ubc.metrics_1m"
                + " WHERE ubc = '%s' AND d1 = 'x' AND "
                + condition.replace("%", "%%")
                + " AND %s GROUP BY 1",
            range(from, to))
        .forEach((bucket, value) -> sums.put(bucket + shift, value));
    return sums;
  }

  private static String trinoSum(long windowStart) throws SQLException {
    return trino(
            "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM lake.ubc.metrics_1m"
                + " WHERE ubc = '%s' AND %s GROUP BY 1",
            range(windowStart, windowStart + MINUTE))
        .get(windowStart);
  }

  private static String range(long from, long to) {
    return "window_start >= %s AND window_start < %s".formatted(timestamp(from), timestamp(to));
  }

  /** Bucket (epoch ms) -> value as text, of a two-column query with %s for the UBC ID and range. */
  private static Map<Long, String> trino(String sql, String range) throws SQLException {
    Map<Long, String> values = new TreeMap<>();
    for (String[] row : trinoRows(sql, range)) {
      values.put((long) Double.parseDouble(row[0]), row[1]);
    }
    return values;
  }

  private static Map<Long, Double> trinoDoubles(String sql, String range) throws SQLException {
    Map<Long, Double> values = new TreeMap<>();
    trino(sql, range).forEach((bucket, value) -> values.put(bucket, Double.parseDouble(value)));
    return values;
  }

  private static List<String[]> trinoRows(String sql, String range) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Connection trino = TrinoQueries.connect(stack);
        Statement statement = trino.createStatement();
        ResultSet resultSet = statement.executeQuery(sql.formatted(ubc, range))) {
      while (resultSet.next()) {
        rows.add(new String[] {resultSet.getString(1), resultSet.getString(2)});
      }
    }
    return rows;
  }

  /** The non-null values of the series at {@code pointer}, by the answer's timestamps, as text. */
  private static Map<Long, String> values(JsonNode answer, String pointer) {
    List<Long> times = longs(answer.path("timestamps"));
    JsonNode values = answer.at(pointer);
    assertThat(values.size()).as(pointer).isEqualTo(times.size());
    Map<Long, String> byTime = new TreeMap<>();
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).isNull()) {
        byTime.put(times.get(i), values.get(i).asText());
      }
    }
    return byTime;
  }

  private static Map<Long, Double> doubles(JsonNode answer, String pointer) {
    Map<Long, Double> byTime = new TreeMap<>();
    values(answer, pointer).forEach((time, value) -> byTime.put(time, Double.parseDouble(value)));
    return byTime;
  }

  /** Every value of the series at {@code pointer} as text, null as "null". */
  private static List<String> texts(JsonNode answer, String pointer) {
    List<String> texts = new ArrayList<>();
    answer.at(pointer).forEach(value -> texts.add(value.isNull() ? "null" : value.asText()));
    return texts;
  }

  private static List<Long> longs(JsonNode array) {
    List<Long> longs = new ArrayList<>();
    array.forEach(value -> longs.add(value.longValue()));
    return longs;
  }

  private static List<Long> everyStep(long from, long to, long step) {
    List<Long> times = new ArrayList<>();
    for (long time = from; time < to; time += step) {
      times.add(time);
    }
    return times;
  }

  private static JsonNode sql(String sql, String format, int status) throws Exception {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("sql", sql);
    body.put("format", format);
    HttpResponse<String> response = send("POST", "/v1/sql", JSON.writeValueAsString(body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  /** The message of a statement Trino refuses: 400 query_failed. */
  private static String refusal(String sql) throws Exception {
    JsonNode answer = sql(sql, "json", 400);
    assertThat(answer.at("/error/code").textValue()).isEqualTo("query_failed");
    return answer.at("/error/message").textValue();
  }

  private static JsonNode get(String path, int status) throws Exception {
    return MonitorCalls.get(stack, path, status);
  }

  private static HttpResponse<String> send(String method, String path, String body)
      throws Exception {
    return MonitorCalls.send(stack, method, path, body);
  }
}
