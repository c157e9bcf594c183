package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Trino functions plugin (trino-functions) in the stack's Trino: the shared UBC fixtures,
 * posted to the intake, are read back from lake.logs.lines and parsed by {@code ubc_parse} exactly
 * as the Flink jobs parsed them into ubc.events and ubc.rejects; {@code ubc_map} maps by the rules
 * set in the monitor service, and by a changed rule from its next version on. This run's records
 * and UBC ID carry a unique name.
 */
class TrinoUbcFunctionsIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static LocalStack stack;
  private static String run;
  private static String ubc;

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
    run = TestStack.unique("tf");
    ubc = "it_" + run.replace('-', '_');
  }

  @AfterAll
  static void deleteUbcId() throws Exception {
    if (stack != null) {
      MonitorCalls.send(stack, "DELETE", "/v1/ubc-ids/" + ubc, null);
    }
  }

  /**
   * The fixture records that carry an event id and are JSON (the intake refuses a request with a
   * line that is not), made this run's: {@code "id":"<run>-e-...}. Rejects as {@code code TAB
   * line}.
   */
  private static List<String> lines(String file) {
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(fixtures().resolve(file), UTF_8)) {
        if (line.contains("\"id\":\"e-") && !line.startsWith("not_json\t")) {
          lines.add(line.replace("\"id\":\"e-", "\"id\":\"" + run + "-e-"));
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path fixtures() {
    Path directory = TestStack.home();
    return directory.resolve("sql/fixtures/ubc");
  }

  @Test
  void ubcParseReadsTheLakesRawLinesAsTheFlinkJobsParsedThem() throws Exception {
    List<String> valid = lines("valid.jsonl");
    List<String> codes = new ArrayList<>();
    List<String> rejects = new ArrayList<>();
    for (String reject : lines("rejects.tsv")) {
      codes.add(reject.substring(0, reject.indexOf('\t')));
      rejects.add(reject.substring(reject.indexOf('\t') + 1));
    }
    assertThat(valid).hasSize(4);
    assertThat(rejects).hasSizeGreaterThan(10);
    List<String> all = new ArrayList<>(valid);
    all.addAll(rejects);
    post(all);

    String ours = "line LIKE '%\"" + run + "-e-%'";
    try (Connection trino = TrinoQueries.connect(stack)) {
      TrinoQueries.awaitCount(
          trino, "SELECT count(*) FROM lake.logs.lines WHERE " + ours, all.size(), TIMEOUT);
      String parsed =
          "(SELECT line, ubc_parse(line) AS p FROM lake.logs.lines WHERE " + ours + ") t";
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT p.event_id, p.ubc, p.log_type, CAST(to_unixtime(p.event_ts) * 1000 AS"
                      + " bigint), CAST(to_unixtime(p.report_ts) * 1000 AS bigint), p.os,"
                      + " p.os_version, p.device_id, p.app, p.app_version, p.net, element_at(p.ext,"
                      + " 'page'), element_at(p.ext, 'nested'), p.duration_ms FROM "
                      + parsed
                      + " WHERE p.reason IS NULL ORDER BY 1"))
          .containsExactly(
              run
                  + "-e-0001|ubc_0001|event|1795000000000|1795000003000|android|14|dev-17|shop"
                  + "|9.2.0|wifi|home|null|null",
              run
                  + "-e-0002|ubc_0002|flow|1795000000500|1795000061000|ios|18.1|dev-42|shop"
                  + "|9.1.4|5g|null|null|45210",
              run
                  + "-e-0003|ubc_0003|event|1795000001000|1795000001200|null|null|null|null|null"
                  + "|null|null|null|null",
              run
                  + "-e-0004|ubc_0002|flow|1795000002000|1795000002100|h5|null|null|null|null"
                  + "|null|null|{\"a\":1}|0");
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT split_part(p.reason, ':', 1) FROM "
                      + parsed
                      + " WHERE p.reason IS NOT NULL AND p.event_id IS NULL"))
          .containsExactlyInAnyOrderElementsOf(codes);

      // The Flink jobs' ubc_parse wrote the same records: field by field, reason by reason.
      String flinkEvents =
          "SELECT event_id, ubc, log_type, CAST(to_unixtime(event_ts) * 1000 AS bigint),"
              + " CAST(to_unixtime(report_ts) * 1000 AS bigint), os, os_version, device_id, app,"
              + " app_version, net, CAST(ext AS json), duration_ms FROM lake.ubc.events"
              + " WHERE event_id LIKE '"
              + run
              + "-e-%' ORDER BY 1";
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.ubc.events WHERE event_id LIKE '" + run + "-e-%'",
          valid.size(),
          TIMEOUT);
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT p.event_id, p.ubc, p.log_type, CAST(to_unixtime(p.event_ts) * 1000 AS"
                      + " bigint), CAST(to_unixtime(p.report_ts) * 1000 AS bigint), p.os,"
                      + " p.os_version, p.device_id, p.app, p.app_version, p.net,"
                      + " CAST(p.ext AS json), p.duration_ms FROM "
                      + parsed
                      + " WHERE p.reason IS NULL ORDER BY 1"))
          .isEqualTo(TrinoQueries.rows(trino, flinkEvents));
      String flinkRejects =
          "SELECT payload, reason FROM lake.ubc.rejects WHERE payload LIKE '%\""
              + run
              + "-e-%' ORDER BY 1";
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.ubc.rejects WHERE payload LIKE '%\"" + run + "-e-%'",
          rejects.size(),
          TIMEOUT);
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT line, p.reason FROM "
                      + parsed
                      + " WHERE p.reason IS NOT NULL ORDER BY 1"))
          .isEqualTo(TrinoQueries.rows(trino, flinkRejects));
    }
  }

  @Test
  void ubcMapAppliesTheMonitorsCurrentRules() throws Exception {
    create(
        "/v1/ubc-ids",
        Map.of(
            "id",
            ubc,
            "name",
            "trino functions test",
            "logType",
            "event",
            "owner",
            "watershed-it"));
    create(
        "/v1/ubc-ids/" + ubc + "/dimensions",
        Map.of(
            "slot",
            1,
            "source",
            "common.os",
            "mapping",
            "one-to-one",
            "normalise",
            List.of("trim", "lower-case")));
    create(
        "/v1/ubc-ids/" + ubc + "/dimensions",
        Map.of(
            "slot",
            3,
            "source",
            "common.net",
            "mapping",
            "many-to-one",
            "normalise",
            List.of("trim", "lower-case"),
            "defaultGroup",
            "other",
            "groups",
            List.of(
                Map.of("value", "wifi", "group", "wireless"),
                Map.of("value", "5g", "group", "cellular"))));
    String u = "'" + ubc + "'";
    String mapped =
        "SELECT ubc_map(%1$s, 1, ' Android '), ubc_map(%1$s, 'd3', 'WiFi'), ubc_map(%1$s, 3, '5G'),"
            + " ubc_map(%1$s, 3, 'satellite'), ubc_map(%1$s, 3, NULL), ubc_map(%1$s, 1, ''),"
            + " ubc_map(%1$s, 2, 'x'), ubc_map('no_such_ubc_id', 1, 'ios')";
    try (Connection trino = TrinoQueries.connect(stack)) {
      awaitRulesVersion(trino, newestRulesVersion());
      assertThat(TrinoQueries.rows(trino, mapped.formatted(u)))
          .containsExactly("android|wireless|cellular|other|other|-||");

      HttpResponse<String> changed =
          MonitorCalls.send(
              stack,
              "PUT",
              "/v1/ubc-ids/" + ubc + "/dimensions/3/mappings",
              JSON.writeValueAsString(
                  Map.of(
                      "defaultGroup",
                      "unknown",
                      "groups",
                      List.of(Map.of("value", "wifi", "group", "wlan")))));
      assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
      awaitRulesVersion(trino, newestRulesVersion());
      assertThat(TrinoQueries.rows(trino, mapped.formatted(u)))
          .containsExactly("android|wlan|unknown|unknown|unknown|-||");
    }
  }

  private static void create(String path, Map<String, Object> body) throws Exception {
    HttpResponse<String> created =
        MonitorCalls.send(stack, "POST", path, JSON.writeValueAsString(body));
    assertThat(created.statusCode()).as(path + ": " + created.body()).isEqualTo(201);
  }

  private static long newestRulesVersion() throws Exception {
    return MonitorCalls.get(stack, "/v1/rules", 200).path("version").asLong();
  }

  /** Waits until Trino's rules client has pulled {@code version} (a heartbeat is 5 s). */
  private static void awaitRulesVersion(Connection trino, long version) throws Exception {
    String sql = "SELECT ubc_rules_version()";
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (Long.parseLong(TrinoQueries.column(trino, sql).get(0)) < version
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
    }
    assertThat(Long.parseLong(TrinoQueries.column(trino, sql).get(0))).isEqualTo(version);
  }

  private static void post(List<String> lines) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(stack.config().intakeUri() + "/v1/ubc/client"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .header("X-Watershed-App-Key", "demo")
            .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n", UTF_8))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }
}
