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
                "SELECT reason, event_id, log_type, duration_ms, ext['page']"
                    + " FROM raw_lines, LATERAL TABLE(ubc_parse(line))")
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
}
