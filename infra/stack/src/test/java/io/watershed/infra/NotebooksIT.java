package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analysis notebooks (notebooks/*.ipynb) run top to bottom by Debian's Jupyter against the
 * running stack. Known traffic of a UBC ID of this test's own (with dimension rules: one
 * many-to-one slot on the network, one one-to-one slot on the OS) and one device of its own, valid
 * and rejected records, posted through the intake; once it is in the lake and its windows are
 * final, each notebook writes its key numbers as JSON, and those equal what was posted and the same
 * counts queried from Trino directly. Jupyter missing is a failure, not a skip: CI installs it.
 */
class NotebooksIT {
  private static final Path JUPYTER = Path.of("/usr/bin/jupyter");
  private static final String INSTALL =
      "apt-get install -y jupyter-nbconvert python3-ipykernel python3-pandas python3-matplotlib"
          + " python3-requests";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(8);
  private static final int VALID = 50;
  private static final int DEVICES = 5;
  private static final String[] NETS = {"wifi", "4g", "5g", "3g", "ethernet", null};
  private static final Set<String> MAPPED_NETS = Set.of("wifi", "4g", "5g");

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    if (!Files.isExecutable(JUPYTER)) {
      fail("Cannot run the notebooks: " + JUPYTER + " is missing; install it with: " + INSTALL);
    }
    Process check = new ProcessBuilder(JUPYTER.toString(), "nbconvert", "--version").start();
    check.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!check.waitFor(2, TimeUnit.MINUTES) || check.exitValue() != 0) {
      fail(
          "Cannot run the notebooks: jupyter nbconvert does not start; install it with: "
              + INSTALL);
    }
    stack = TestStack.shared();
  }

  @Test
  void notebooksReportWhatWasPosted() throws Exception {
    String ubc = TestStack.unique("nb");
    String device = ubc + "-device-0";
    createUbcId(ubc);

    // Records on time, so that the notebooks have windows to report (they also count late ones).
    WindowJobWatermark.awaitBehindTheClock(stack, TIMEOUT);
    // every record in one UTC day
    long now = System.currentTimeMillis();
    long toMidnight = 86_400_000 - now % 86_400_000;
    if (toMidnight < 600_000) {
      Thread.sleep(toMidnight + 1000);
    }
    long base = System.currentTimeMillis();
    String day = Instant.ofEpochMilli(base).atZone(ZoneOffset.UTC).toLocalDate().toString();
    List<GeneratedRecord> records = new ArrayList<>();
    Map<String, String> netOf = new HashMap<>();
    Map<String, String> osOf = new HashMap<>();
    Map<String, String> deviceOf = new HashMap<>();
    Map<String, Long> durationOf = new HashMap<>();
    for (int i = 0; i < VALID; i++) {
      String id = ubc + "-e-" + i;
      long rts = base + i * 20L;
      String net = NETS[i % NETS.length];
      String os = i % 4 == 3 ? null : (i % 2 == 0 ? "android" : "ios");
      String did = ubc + "-device-" + (i % DEVICES);
      long duration = 100 + i;
      StringBuilder common = new StringBuilder("\"did\":\"" + did + "\"");
      if (net != null) {
        common.append(",\"net\":\"").append(net).append('"');
      }
      if (os != null) {
        common.append(",\"os\":\"").append(os).append('"');
      }
      String json =
          ("{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"flow\",\"ts\":%d,\"rts\":%d,\"dur\":%d,"
                  + "\"common\":{%s},\"ext\":{\"page\":\"home\"}}")
              .formatted(id, ubc, rts - 500, rts, duration, common);
      records.add(
          new GeneratedRecord(
              id, ubc, "flow", "client", rts - 500, rts, duration, true, null, json));
      netOf.put(id, net);
      osOf.put(id, os);
      deviceOf.put(id, did);
      durationOf.put(id, duration);
    }
    // rejects of the investigated device: two without a UBC id, two of an unknown log type
    for (int i = 0; i < 4; i++) {
      String id = ubc + "-bad-" + i;
      String json =
          i < 2
              ? "{\"id\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"common\":{\"did\":\"%s\"}}"
                  .formatted(id, base, base, device)
              : ("{\"id\":\"%s\",\"ubc\":\"%s\",\"type\":\"bogus\",\"ts\":%d,\"rts\":%d,"
                      + "\"common\":{\"did\":\"%s\"}}")
                  .formatted(id, ubc, base, base, device);
      records.add(
          new GeneratedRecord(
              id, ubc, "event", "client", base, base, null, false, "invalid", json));
    }
    TrafficSender.Summary sent =
        new TrafficSender(stack.config().intakeUri(), "demo", 100, 0)
            .send(records, new PrintStream(PrintStream.nullOutputStream()));
    assertThat(sent.accepted()).isEqualTo(records.size());

    try (Connection trino = TrinoQueries.connect(stack)) {
      String events =
          "SELECT count(DISTINCT event_id) FROM lake.ubc.events WHERE ubc = '" + ubc + "'";
      String late = "SELECT count(DISTINCT event_id) FROM lake.ubc.late WHERE ubc = '" + ubc + "'";
      TrinoQueries.awaitCount(trino, events, VALID, TIMEOUT);
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.ubc.rejects WHERE strpos(payload, '" + device + "') > 0",
          4,
          TIMEOUT);
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.logs.lines WHERE source = 'ubc' AND strpos(line, '"
              + ubc
              + "') > 0",
          records.size(),
          TIMEOUT);
      // every valid record in a 1-minute and a 5-minute window, or in ubc.late
      for (String table : List.of("lake.ubc.metrics_1m", "lake.ubc.metrics_5m")) {
        TrinoQueries.awaitCount(
            trino,
            "SELECT coalesce((SELECT sum(pv) FROM "
                + table
                + " WHERE ubc = '"
                + ubc
                + "'), 0)"
                + " + ("
                + late
                + ")",
            VALID,
            TIMEOUT);
      }

      Set<String> lateIds =
          new HashSet<>(
              TrinoQueries.column(
                  trino, "SELECT DISTINCT event_id FROM lake.ubc.late WHERE ubc = '" + ubc + "'"));
      List<String> onTime = netOf.keySet().stream().filter(id -> !lateIds.contains(id)).toList();
      Path out = TestStack.home().resolve("infra/stack/target/notebooks-" + ubc);
      Files.createDirectories(out);
      Map<String, String> environment = new HashMap<>();
      environment.put("WATERSHED_TRINO", stack.config().trinoUri());
      environment.put("WATERSHED_MONITOR", stack.config().monitorUri());
      environment.put("WATERSHED_MONITOR_TOKEN", MonitorComponent.ADMIN_TOKEN);
      environment.put("WATERSHED_DAY", day);
      environment.put("WATERSHED_UBC_PREFIX", ubc);
      environment.put("WATERSHED_DEVICE", device);

      // 1. the daily report: per UBC ID, windows beside cleaned and late records
      JsonNode daily = run("daily_ubc_report", out, environment).path("ubc").path(ubc);
      long lateCount = lateIds.size();
      assertThat(daily.path("events").asLong()).isEqualTo(VALID);
      assertThat(daily.path("pv").asLong()).isEqualTo(onTime.size()).isEqualTo(VALID - lateCount);
      assertThat(daily.path("pv_5m").asLong()).isEqualTo(onTime.size());
      assertThat(daily.path("late").asLong()).isEqualTo(lateCount);
      assertThat(daily.path("duration_ms").asLong())
          .isEqualTo(onTime.stream().mapToLong(durationOf::get).sum());
      assertThat(daily.path("event_duration_ms").asLong())
          .isEqualTo(durationOf.values().stream().mapToLong(Long::longValue).sum());
      assertThat(daily.path("devices").asLong())
          .isEqualTo(onTime.stream().map(deviceOf::get).distinct().count());
      assertThat(daily.path("event_devices").asLong()).isEqualTo(DEVICES);
      String window = " FROM lake.ubc.metrics_1m WHERE ubc = '" + ubc + "'";
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT sum(pv), coalesce(sum(duration_ms), 0),"
                      + " CAST(round(theta_sketch_cardinality(theta_sketch_union(devices))) AS bigint)"
                      + window))
          .containsExactly(
              daily.path("pv").asLong()
                  + "|"
                  + daily.path("duration_ms").asLong()
                  + "|"
                  + daily.path("devices").asLong());
      assertThat(TrinoQueries.column(trino, late))
          .containsExactly(String.valueOf(daily.path("late").asLong()));

      // 2. the dimension explorer: d1 (network, many-to-one, default 'other'), d2 (OS, one-to-one)
      JsonNode slots = run("dimension_explorer", out, environment).path("slots").path(ubc);
      JsonNode d1 = slots.path("d1");
      long mappedNets =
          onTime.stream()
              .filter(id -> netOf.get(id) != null && MAPPED_NETS.contains(netOf.get(id)))
              .count();
      assertThat(d1.path("mapping").asText()).isEqualTo("many-to-one");
      assertThat(d1.path("default_group").asText()).isEqualTo("other");
      assertThat(d1.path("pv").asLong()).isEqualTo(onTime.size());
      assertThat(d1.path("mapped").asLong()).isEqualTo(mappedNets);
      assertThat(d1.path("default").asLong()).isEqualTo(onTime.size() - mappedNets);
      assertThat(d1.path("coverage").asDouble())
          .isCloseTo(
              (double) mappedNets / onTime.size(), org.assertj.core.data.Offset.offset(1e-4));
      Map<String, Long> groups = new TreeMap<>();
      for (String id : onTime) {
        String net = netOf.get(id);
        String group =
            net == null || !MAPPED_NETS.contains(net)
                ? "other"
                : net.equals("wifi") ? "wifi" : "cellular";
        groups.merge(group, 1L, Long::sum);
      }
      assertThat(longs(d1.path("top"))).isEqualTo(groups);
      Map<String, Long> direct = new TreeMap<>();
      for (String row : TrinoQueries.rows(trino, "SELECT d1, sum(pv)" + window + " GROUP BY d1")) {
        String[] parts = row.split("\\|");
        direct.put(parts[0], Long.parseLong(parts[1]));
      }
      assertThat(longs(d1.path("top"))).isEqualTo(direct);
      Map<String, Long> fallen = new TreeMap<>();
      for (String net : netOf.values()) {
        if (net == null || !MAPPED_NETS.contains(net)) {
          fallen.merge(net == null ? "(missing)" : net, 1L, Long::sum);
        }
      }
      assertThat(longs(d1.path("falls_to_default"))).isEqualTo(fallen);
      JsonNode d2 = slots.path("d2");
      long withOs = onTime.stream().filter(id -> osOf.get(id) != null).count();
      assertThat(d2.path("mapping").asText()).isEqualTo("one-to-one");
      assertThat(d2.path("mapped").asLong()).isEqualTo(withOs);
      assertThat(d2.path("missing").asLong()).isEqualTo(onTime.size() - withOs);
      assertThat(slots.has("d3")).as("a slot without a rule is left out").isFalse();

      // 3. the raw log investigation of one device: raw lines, cleaned, rejected, late
      JsonNode investigation = run("raw_log_investigation", out, environment);
      List<String> ofDevice =
          deviceOf.entrySet().stream()
              .filter(e -> e.getValue().equals(device))
              .map(Map.Entry::getKey)
              .toList();
      long lateOfDevice = ofDevice.stream().filter(lateIds::contains).count();
      assertThat(investigation.path("raw_lines").asLong()).isEqualTo(ofDevice.size() + 4);
      assertThat(investigation.path("events").asLong()).isEqualTo(ofDevice.size());
      assertThat(investigation.path("rejects").asLong()).isEqualTo(4);
      assertThat(investigation.path("late").asLong()).isEqualTo(lateOfDevice);
      assertThat(longs(investigation.path("reject_reasons")))
          .isEqualTo(Map.of("missing_ubc", 2L, "unknown_type", 2L));
      Map<String, Long> outcomes = new TreeMap<>();
      outcomes.put("ubc.rejects: missing_ubc", 2L);
      outcomes.put("ubc.rejects: unknown_type", 2L);
      if (ofDevice.size() > lateOfDevice) {
        outcomes.put("ubc.events", ofDevice.size() - lateOfDevice);
      }
      if (lateOfDevice > 0) {
        outcomes.put("ubc.events (late in the windows)", lateOfDevice);
      }
      assertThat(longs(investigation.path("outcomes"))).isEqualTo(outcomes);
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT (SELECT count(*) FROM lake.logs.lines WHERE strpos(line, '%1$s') > 0),"
                          .formatted(device)
                      + " (SELECT count(*) FROM lake.ubc.events WHERE device_id = '%1$s'),"
                          .formatted(device)
                      + " (SELECT count(*) FROM lake.ubc.rejects WHERE strpos(payload, '%1$s') > 0)"
                          .formatted(device)))
          .containsExactly(
              investigation.path("raw_lines").asLong()
                  + "|"
                  + investigation.path("events").asLong()
                  + "|"
                  + investigation.path("rejects").asLong());
    }
  }

  /** A UBC ID of flow logs with d1 = network (many-to-one, default 'other') and d2 = OS. */
  private static void createUbcId(String ubc) throws Exception {
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
                    "notebooks " + ubc,
                    "description",
                    "NotebooksIT",
                    "logType",
                    "flow",
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
                    "source", "common.net",
                    "mapping", "many-to-one",
                    "normalise", List.of("trim", "lower-case"),
                    "label", "Network",
                    "defaultGroup", "other",
                    "groups",
                        List.of(
                            Map.of("value", "wifi", "group", "wifi"),
                            Map.of("value", "4g", "group", "cellular"),
                            Map.of("value", "5g", "group", "cellular"))))),
        201);
    expect(
        MonitorCalls.send(
            stack,
            "POST",
            "/v1/ubc-ids/" + ubc + "/dimensions",
            JSON.writeValueAsString(
                Map.of(
                    "slot", 2,
                    "source", "common.os",
                    "mapping", "one-to-one",
                    "normalise", List.of("trim", "lower-case"),
                    "label", "OS"))),
        201);
    // the jobs pull the rules every 2 s (TestStack): wait out two pulls
    Thread.sleep(5_000);
  }

  private static void expect(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
  }

  /** Runs one notebook with nbconvert and reads the key numbers it wrote. */
  private static JsonNode run(String notebook, Path out, Map<String, String> environment)
      throws Exception {
    Path numbers = out.resolve(notebook + ".json");
    Path log = out.resolve(notebook + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                JUPYTER.toString(),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "--ExecutePreprocessor.timeout=600",
                "--output-dir",
                out.toString(),
                "notebooks/" + notebook + ".ipynb")
            .directory(TestStack.home().toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("WATERSHED_NOTEBOOK_OUT", numbers.toString());
    Process process = builder.start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("Cannot run notebook " + notebook + ": not done within 10 minutes (log: " + log + ")");
    }
    if (process.exitValue() != 0) {
      fail(
          "Cannot run notebook %s: nbconvert exited with %d:%n%s"
              .formatted(notebook, process.exitValue(), Files.readString(log, UTF_8)));
    }
    assertThat(numbers).as("the key numbers of " + notebook).exists();
    return JSON.readTree(numbers.toFile());
  }

  private static Map<String, Long> longs(JsonNode object) {
    Map<String, Long> values = new TreeMap<>();
    object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asLong()));
    return values;
  }
}
