package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-mapping history on the shared stack (issue 20): events of a UBC id of this test's own, whose
 * d1 maps the OS (android to 'android'), pass the live pipeline into final 1- and 5-minute windows.
 * The rule then changes (android to 'droid'); a dry run prints what would change and writes
 * nothing; the re-map replaces exactly this id's windows of the range with what a fresh stream
 * under the new rule gives, in 1m and 5m alike, and a second re-map changes nothing.
 */
class RemapIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ANDROID = 30;
  private static final int IOS = 20;

  private static LocalStack stack;
  private static String ubc;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
    ubc = TestStack.unique("remap");
  }

  @Test
  void aRuleChangeReachesTheFinalWindowsOfItsRangeOnly() throws Exception {
    createUbcId();
    // Records on time, so that there are windows to re-map (late ones stay corrections).
    WindowJobWatermark.awaitBehindTheClock(stack, TIMEOUT);
    long now = System.currentTimeMillis();
    long from = now / 300_000 * 300_000;
    long to = from + 300_000;
    Map<Long, Long> perMinute = new TreeMap<>();
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < ANDROID + IOS; i++) {
      long rts = Math.min(System.currentTimeMillis(), to - 1);
      perMinute.merge(rts / 60_000 * 60_000, 1L, Long::sum);
      body.append(
              "{\"id\":\"%s-%d\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"common\":{\"did\":\"d%d\",\"os\":\"%s\"}}"
                  .formatted(ubc, i, ubc, rts, rts, i % 5, i < ANDROID ? "Android" : "iOS"))
          .append('\n');
    }
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.config().intakeUri() + "/v1/ubc/client"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Watershed-App-Key", "demo")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

    String byOs =
        "SELECT d1, sum(pv) FROM lake.ubc.%s WHERE ubc = '" + ubc + "' GROUP BY 1 ORDER BY 1";
    try (Connection trino = TrinoQueries.connect(stack)) {
      awaitFinal(trino, to);
      // Late records (behind a watermark another test left ahead) would be corrections instead.
      long late =
          Long.parseLong(
              TrinoQueries.column(
                      trino, "SELECT count(*) FROM lake.ubc.corrections WHERE ubc = '" + ubc + "'")
                  .get(0));
      if (late == 0) {
        assertThat(String.join(",", TrinoQueries.rows(trino, byOs.formatted("metrics_1m"))))
            .isEqualTo("android|" + ANDROID + ",ios|" + IOS);
      }
      List<String> before = TrinoQueries.rows(trino, byOs.formatted("metrics_1m"));

      long versionBefore =
          JSON.readTree(MonitorCalls.send(stack, "GET", "/v1/rules/versions", null).body())
              .path("head")
              .asLong();
      changeAndroidTo("droid");
      String dry = remap(from, to, Optional.empty(), true);
      assertThat(dry).contains("Dry run: nothing written", "ubc.metrics_1m", "ubc.metrics_5m");
      assertThat(TrinoQueries.rows(trino, byOs.formatted("metrics_1m")))
          .as("after the dry run")
          .isEqualTo(before);

      String applied = remap(from, to, Optional.empty(), false);
      assertThat(applied).contains("Replaced the windows in ubc.metrics_1m", "ubc.metrics_5m");
      long androidOnTime =
          ANDROID
              - Long.parseLong(
                  TrinoQueries.column(
                          trino,
                          "SELECT count(*) FROM lake.ubc.corrections WHERE ubc = '"
                              + ubc
                              + "' AND d1 = 'android'")
                      .get(0));
      long iosOnTime = ANDROID + IOS - late - androidOnTime;
      String after =
          (androidOnTime > 0 ? "droid|" + androidOnTime : "")
              + (androidOnTime > 0 && iosOnTime > 0 ? "," : "")
              + (iosOnTime > 0 ? "ios|" + iosOnTime : "");
      for (String table : List.of("metrics_1m", "metrics_5m")) {
        assertThat(String.join(",", TrinoQueries.rows(trino, byOs.formatted(table))))
            .as(table)
            .isEqualTo(after);
      }
      // Per minute as posted (less the late ones), and the corrected view still counts all.
      Map<Long, Long> minutes = new TreeMap<>();
      for (String row :
          TrinoQueries.rows(
              trino,
              "SELECT to_unixtime(window_start) * 1000, sum(pv) FROM lake.ubc.metrics_1m_corrected"
                  + " WHERE ubc = '"
                  + ubc
                  + "' GROUP BY 1")) {
        String[] parts = row.split("\\|");
        minutes.put((long) Double.parseDouble(parts[0]), Long.parseLong(parts[1]));
      }
      assertThat(minutes).isEqualTo(perMinute);

      String again = remap(from, to, Optional.empty(), false);
      assertThat(again).containsPattern("ubc\\.metrics_1m\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+0\\s+0");
      for (String table : List.of("metrics_1m", "metrics_5m")) {
        assertThat(String.join(",", TrinoQueries.rows(trino, byOs.formatted(table))))
            .isEqualTo(after);
      }

      // Under the version in force before the change: the windows the stream gave, again.
      String back = remap(from, to, Optional.of(versionBefore), false);
      assertThat(back).contains("under rules version " + versionBefore);
      for (String table : List.of("metrics_1m", "metrics_5m")) {
        assertThat(String.join(",", TrinoQueries.rows(trino, byOs.formatted(table))))
            .as(table + " under version " + versionBefore)
            .isEqualTo(after.replace("droid|", "android|"));
        assertThat(
                TrinoQueries.rows(
                    trino,
                    "SELECT DISTINCT rules_version FROM lake.ubc."
                        + table
                        + " WHERE ubc = '"
                        + ubc
                        + "'"))
            .containsExactly(Long.toString(versionBefore));
      }
    }
  }

  private static String remap(long from, long to, Optional<Long> rulesVersion, boolean dryRun)
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        new RemapCommand.Remap(
                stack.config(),
                Instant.ofEpochMilli(from).toString(),
                Instant.ofEpochMilli(to).toString(),
                List.of(ubc),
                rulesVersion,
                dryRun,
                new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .run();
    String out = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    assertThat(exit).as(out).isZero();
    return out;
  }

  /** Waits until the stack's window job has closed every window ending at or before {@code to}. */
  private static void awaitFinal(Connection trino, long to) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> watermark =
          TrinoQueries.column(
              trino,
              "SELECT to_unixtime(max(\"watermark\")) * 1000 FROM lake.ops.progress"
                  + " WHERE job = 'watershed-ubc_windows'");
      if (!watermark.isEmpty()
          && watermark.get(0) != null
          && (long) Double.parseDouble(watermark.get(0)) >= to) {
        // The windows commit with the progress row, as two table commits: one more checkpoint.
        Thread.sleep(15_000);
        return;
      }
      Thread.sleep(2_000);
    }
    throw new AssertionError("The windows up to " + Instant.ofEpochMilli(to) + " did not close");
  }

  /** A UBC ID whose d1 maps the OS: android and ios to themselves, anything else to 'other'. */
  private static void createUbcId() throws Exception {
    expect(
        MonitorCalls.send(
            stack,
            "POST",
            "/v1/ubc-ids",
            JSON.writeValueAsString(
                Map.of(
                    "id",
                    ubc,
                    "name",
                    "remap " + ubc,
                    "description",
                    "RemapIT",
                    "logType",
                    "event",
                    "owner",
                    "test-team",
                    "params",
                    List.of("page")))),
        201);
    expect(
        MonitorCalls.send(
            stack,
            "POST",
            "/v1/ubc-ids/" + ubc + "/dimensions",
            JSON.writeValueAsString(
                Map.of(
                    "slot", 1,
                    "source", "common.os",
                    "mapping", "many-to-one",
                    "normalise", List.of("trim", "lower-case"),
                    "label", "OS",
                    "defaultGroup", "other",
                    "groups",
                        List.of(
                            Map.of("value", "android", "group", "android"),
                            Map.of("value", "ios", "group", "ios"))))),
        201);
    // the jobs pull the rules every 2 s (TestStack): wait out two pulls
    Thread.sleep(5_000);
  }

  private static void changeAndroidTo(String group) throws Exception {
    String mappings = "/v1/ubc-ids/" + ubc + "/dimensions/1/mappings";
    HttpResponse<String> current = MonitorCalls.send(stack, "GET", mappings, null);
    expect(current, 200);
    String changed =
        current
            .body()
            .replaceFirst(
                "(\"value\"\\s*:\\s*\"android\"\\s*,\\s*\"group\"\\s*:\\s*\")android\"",
                "$1" + group + "\"");
    assertThat(changed).as(current.body()).isNotEqualTo(current.body());
    expect(MonitorCalls.send(stack, "PUT", mappings, changed), 200);
  }

  private static void expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }
}
