package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.udfs.internal.RuleSets;
import io.watershed.udfs.internal.RulesClient;
import io.watershed.udfs.internal.RulesServer;
import io.watershed.udfs.internal.RulesSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/**
 * ubc_dims, ubc_trim, ubc_devices and ubc_devices_estimate through Flink SQL on an embedded
 * MiniCluster (streaming, two-phase mini-batch aggregation), with the rules changing mid-stream:
 * records 1..10 are mapped by rule version 1, then the test publishes version 2 and records 11..20
 * are mapped by it, in the same running job.
 */
class UbcMonitoringIT {
  private static final int CHANGE_AT = 11;

  private static volatile CountDownLatch reached;
  private static volatile CountDownLatch released;

  /** Passes every record; holds record {@link #CHANGE_AT} until the test has changed the rules. */
  public static final class Gate extends ScalarFunction {
    public boolean eval(Integer seq) throws InterruptedException {
      if (seq == CHANGE_AT) {
        reached.countDown();
        if (!released.await(2, TimeUnit.MINUTES)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      }
      return true;
    }

    @Override
    public boolean isDeterministic() {
      return false;
    }
  }

  @Test
  void mapsTrimsAndCountsDevicesWithARuleChangeMidStream() throws Exception {
    reached = new CountDownLatch(1);
    released = new CountDownLatch(1);
    try (RulesServer server = new RulesServer()) {
      server.publish(
          1,
          RuleSets.of(
              1,
              List.of(
                  RuleSets.demoUbcId(1, true),
                  RuleSets.demoUbcId(2, false),
                  RuleSets.demoUbcId(3, true))));
      Map<String, String> parameters =
          Map.of(
              "watershed.rules.url",
              server.url(),
              "watershed.rules.token",
              RulesServer.TOKEN,
              "watershed.rules.interval",
              "20 ms");

      TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
      tables.getConfig().set(PipelineOptions.GLOBAL_JOB_PARAMETERS, parameters);
      tables.getConfig().set("parallelism.default", "1");
      tables.getConfig().set("table.exec.mini-batch.enabled", "true");
      tables.getConfig().set("table.exec.mini-batch.allow-latency", "50 ms");
      tables.getConfig().set("table.exec.mini-batch.size", "100");
      tables.getConfig().set("table.optimizer.agg-phase-strategy", "TWO_PHASE");
      tables.createTemporarySystemFunction(UbcDims.NAME, UbcDims.class);
      tables.createTemporarySystemFunction(UbcTrim.NAME, UbcTrim.class);
      tables.createTemporarySystemFunction(UbcDevices.NAME, UbcDevices.class);
      tables.createTemporarySystemFunction(UbcDevicesEstimate.NAME, UbcDevicesEstimate.class);
      tables.createTemporarySystemFunction("gate", Gate.class);

      List<String> values = new ArrayList<>();
      for (int seq = 1; seq <= 20; seq++) {
        String ubc = List.of("ubc_9999", "ubc_0001", "ubc_0003", "ubc_0002").get(seq % 4);
        boolean flow = ubc.equals("ubc_0003");
        values.add(
            "(%d, 'e-%d', '%s', '%s', 'dev-%d', %s)"
                .formatted(
                    seq,
                    seq,
                    ubc,
                    flow ? "flow" : "event",
                    seq % 3,
                    flow ? "CAST(1000 AS BIGINT)" : "CAST(NULL AS BIGINT)"));
      }
      tables.executeSql(
          "CREATE TEMPORARY VIEW src AS SELECT seq, event_id, ubc, log_type,"
              + " TO_TIMESTAMP_LTZ(1795000000000 + seq, 3) AS report_ts, device_id,"
              + " CAST(duration_ms AS BIGINT) AS duration_ms FROM (VALUES "
              + String.join(", ", values)
              + ") AS t(seq, event_id, ubc, log_type, device_id, duration_ms)");
      tables.executeSql(
          "CREATE TEMPORARY VIEW trimmed AS SELECT seq, dev, tr.id AS id, tr.ubc AS ubc,"
              + " tr.t AS t, tr.d1 AS d1, tr.d2 AS d2, tr.d3 AS d3, tr.d4 AS d4, tr.d5 AS d5,"
              + " tr.d6 AS d6, tr.dur AS dur, tr.rv AS rv FROM ("
              + "  SELECT seq, device_id AS dev, ubc_trim(event_id, ubc, log_type, report_ts,"
              + "    ubc_dims(ubc, MAP['os', ' Android', 'app', 'shop', 'net', '4G'],"
              + "      MAP['channel', 'Push', 'result', 'OK', 'content_type', 'clip']),"
              + "    duration_ms) AS tr"
              + "  FROM src WHERE gate(seq))");

      TableResult result =
          tables.executeSql(
              "SELECT rv, ubc, t, d1, d2, d3, d4, d5, d6, COUNT(*) AS pv, SUM(dur) AS dur,"
                  + " ubc_devices_estimate(ubc_devices(dev)) AS devices, MIN(seq), MAX(seq)"
                  + " FROM trimmed GROUP BY rv, ubc, t, d1, d2, d3, d4, d5, d6");
      Map<String, String> groups = new HashMap<>();
      try (CloseableIterator<Row> rows = result.collect()) {
        if (!reached.await(2, TimeUnit.MINUTES)) {
          throw new AssertionError("record " + CHANGE_AT + " never reached the gate");
        }
        changeRulesAndWaitForTheJobsClient(server, parameters);
        released.countDown();
        rows.forEachRemaining(
            row -> {
              String key = row.getField(0) + "/" + row.getField(1);
              if (row.getKind() == RowKind.INSERT || row.getKind() == RowKind.UPDATE_AFTER) {
                List<String> fields = new ArrayList<>();
                for (int i = 2; i < row.getArity(); i++) {
                  fields.add(String.valueOf(row.getField(i)));
                }
                groups.put(key, String.join("|", fields));
              } else {
                groups.remove(key);
              }
            });
      }

      // t|d1..d6|pv|dur|devices|first seq|last seq
      assertThat(groups)
          .containsOnly(
              Map.entry("1/ubc_0001", "e|android|shop|cellular|push|ok||3|null|3|1|9"),
              Map.entry("1/ubc_0003", "f|android|shop|cellular|push|short-video||3|3000|3|2|10"),
              Map.entry("1/ubc_0002", "e|||||||2|null|2|3|7"),
              Map.entry("1/ubc_9999", "e|||||||2|null|2|4|8"),
              Map.entry("2/ubc_0001", "e|android|shop|mobile|push|ok||2|null|2|13|17"),
              Map.entry("2/ubc_0003", "f|android|shop|cellular|push|short-video||2|2000|2|14|18"),
              Map.entry("2/ubc_0002", "e|android|shop|cellular|push|ok||3|null|3|11|19"),
              Map.entry("2/ubc_9999", "e|||||||3|null|3|12|20"));
    }
  }

  /**
   * Publishes version 2 (ubc_0001's network groups changed, ubc_0002 enabled) and waits until the
   * job's shared rules client, which this test acquires too, has it.
   */
  private static void changeRulesAndWaitForTheJobsClient(
      RulesServer server, Map<String, String> parameters) throws InterruptedException {
    var ubc1 = RuleSets.demoUbcId(1, true);
    ((com.fasterxml.jackson.databind.node.ArrayNode) ubc1.get("dimensions"))
        .set(
            2,
            RuleSets.manyToOne(
                3, "common.net", "other", Map.of("wifi", "wifi", "4g", "mobile", "5g", "mobile")));
    server.publish(
        2, RuleSets.of(2, List.of(ubc1, RuleSets.demoUbcId(2, true), RuleSets.demoUbcId(3, true))));
    RulesClient client = RulesClient.acquire(RulesSettings.read(parameters::getOrDefault));
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (client.current() == null || client.current().version() != 2) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "the job's rules client never got version 2: "
                  + client
                  + "; requests served "
                  + server.requests());
        }
        Thread.sleep(10);
      }
    } finally {
      client.release();
    }
  }
}
