package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

/** ubc_parse through Flink SQL on an embedded MiniCluster, over the shared fixtures. */
class UbcParseIT {
  @Test
  void parsesAndRejectsThroughSql() throws Exception {
    TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inBatchMode());
    tables.createTemporarySystemFunction(UbcParse.NAME, UbcParse.class);

    List<String> lines = new ArrayList<>(Fixtures.validLines());
    Fixtures.rejects().forEach(reject -> lines.add(reject[1]));
    String values =
        lines.stream()
            .map(line -> "('" + line.replace("'", "''") + "')")
            .collect(Collectors.joining(", "));
    tables.executeSql(
        "CREATE TEMPORARY VIEW raw_lines AS SELECT * FROM (VALUES " + values + ") AS t(line)");

    List<String> accepted = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    try (CloseableIterator<Row> rows =
        tables
            .executeSql(
                "SELECT p.reason, p.event_id, p.log_type, p.duration_ms, p.ext['page']"
                    + " FROM (SELECT ubc_parse(line) AS p FROM raw_lines)")
            .collect()) {
      rows.forEachRemaining(
          row -> {
            if (row.getField(0) == null) {
              accepted.add(
                  row.getField(1)
                      + "|"
                      + row.getField(2)
                      + "|"
                      + row.getField(3)
                      + "|"
                      + row.getField(4));
            } else {
              reasons.add(((String) row.getField(0)).split(":", 2)[0]);
            }
          });
    }
    assertThat(accepted)
        .containsExactlyInAnyOrder(
            "e-0001|event|null|home",
            "e-0002|flow|45210|null",
            "e-0003|event|null|null",
            "e-0004|flow|0|null");
    assertThat(reasons)
        .containsExactlyInAnyOrderElementsOf(Fixtures.rejects().stream().map(r -> r[0]).toList());
  }

  /** The usage of udfs/README.md: one view, several INSERTs, one parse a record in the plan. */
  @Test
  void aViewThatSeveralSinksReadParsesEachLineOnce() {
    TableEnvironment tables = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
    tables.getConfig().set("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");
    tables.createTemporarySystemFunction(UbcParse.NAME, UbcParse.class);
    tables.executeSql(
        "CREATE TEMPORARY TABLE raw_lines (line STRING) WITH ('connector' = 'datagen')");
    tables.executeSql(
        "CREATE TEMPORARY TABLE good (event_id STRING, ubc STRING, ext MAP<STRING, STRING>)"
            + " WITH ('connector' = 'blackhole')");
    tables.executeSql(
        "CREATE TEMPORARY TABLE bad (reason STRING, line STRING) WITH ('connector' = 'blackhole')");
    tables.executeSql(
        "CREATE TEMPORARY VIEW parsed AS SELECT ubc_parse(line) AS p, line FROM raw_lines");
    var inserts = tables.createStatementSet();
    inserts.addInsertSql(
        "INSERT INTO good SELECT p.event_id, p.ubc, p.ext FROM parsed WHERE p.reason IS NULL");
    inserts.addInsertSql(
        "INSERT INTO bad SELECT p.reason, line FROM parsed WHERE p.reason IS NOT NULL");

    String plan = inserts.explain();
    String execution = plan.substring(plan.indexOf("== Optimized Execution Plan =="));

    assertThat(execution.split("ubc_parse\\(line\\)", -1)).as(execution).hasSize(2);
  }
}
