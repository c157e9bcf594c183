package io.watershed.trino.ubc;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.trino.TrinoServer;
import io.watershed.udfs.Fixtures;
import io.watershed.udfs.internal.RuleSets;
import io.watershed.udfs.internal.RulesServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin folder in a real Trino 476 whose JVM names a rules server (the Flink side's fake, on a
 * free port): ubc_parse over the shared fixtures and ubc_map by the demo rules, through SQL.
 */
class UbcFunctionsIT {
  private static RulesServer rules;
  private static TrinoServer trino;
  private static Connection connection;

  @BeforeAll
  static void startTrino() throws Exception {
    rules = new RulesServer();
    rules.publish(7, RuleSets.demo(7, 30));
    trino =
        TrinoServer.start(
            List.of(
                "-Dwatershed.rules.url=" + rules.url(),
                "-Dwatershed.rules.token=" + RulesServer.TOKEN,
                "-Dwatershed.rules.interval=1s"));
    connection = trino.connect();
  }

  @AfterAll
  static void stopTrino() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (trino != null) {
      trino.close();
    }
    if (rules != null) {
      rules.close();
    }
  }

  @Test
  void everyFixtureParsesAsTheFlinkUdfParsesIt() throws SQLException {
    List<String> lines = new ArrayList<>(Fixtures.validLines());
    Fixtures.rejects().forEach(reject -> lines.add(reject[1]));
    String values =
        String.join(", ", lines.stream().map(line -> "'" + line.replace("'", "''") + "'").toList());
    List<String> rows =
        rows(
            "SELECT p.reason, p.event_id, p.ubc, p.log_type,"
                + " CAST(to_unixtime(p.event_ts) * 1000 AS bigint),"
                + " CAST(to_unixtime(p.report_ts) * 1000 AS bigint), p.os, p.os_version, p.device_id, p.app,"
                + " p.app_version, p.net, element_at(p.ext, 'page'), cardinality(p.ext), p.duration_ms"
                + " FROM (SELECT ubc_parse(line) AS p, n FROM UNNEST(ARRAY["
                + values
                + "]) WITH ORDINALITY t(line, n)) ORDER BY n");
    assertThat(rows.subList(0, 4))
        .containsExactly(
            "null|e-0001|ubc_0001|event|1795000000000|1795000003000|android|14|dev-17|shop|9.2.0|wifi"
                + "|home|2|null",
            "null|e-0002|ubc_0002|flow|1795000000500|1795000061000|ios|18.1|dev-42|shop|9.1.4"
                + "|5g|null|1|45210",
            "null|e-0003|ubc_0003|event|1795000001000|1795000001200|null|null|null|null|null"
                + "|null|null|0|null",
            "null|e-0004|ubc_0002|flow|1795000002000|1795000002100|h5|null|null|null|null"
                + "|null|null|1|0");
    List<String[]> rejects = Fixtures.rejects();
    for (int i = 0; i < rejects.size(); i++) {
      String row = rows.get(4 + i);
      assertThat(row).as(rejects.get(i)[1]).startsWith(rejects.get(i)[0] + ": ");
      assertThat(row)
          .as(rejects.get(i)[1])
          .endsWith("|null|null|null|null|null|null|null|null" + "|null|null|null|null|null|null");
    }
  }

  @Test
  void ubcMapGivesTheDemoRulesDimensions() throws SQLException {
    assertThat(
            rows(
                "SELECT ubc_map('ubc_0001', 1, ' iOS'), ubc_map('ubc_0001', 'd3', 'ETHERNET'),"
                    + " ubc_map('ubc_0001', 4, 'sem'), ubc_map('ubc_0030', 5, 'LIVE'),"
                    + " ubc_map('ubc_0030', 3, NULL), ubc_map('ubc_0002', 2, NULL),"
                    + " ubc_map('ubc_9999', 1, 'ios'), ubc_map('ubc_0001', 6, 'x'),"
                    + " ubc_rules_version()"))
        .containsExactly("ios|wired|search|live|other|-|||7");
  }

  @Test
  void ubcMapOverParsedRecords() throws SQLException {
    String line = Fixtures.validLines().get(0).replace("'", "''");
    assertThat(
            rows(
                "SELECT ubc_map(p.ubc, 1, p.os), ubc_map(p.ubc, 3, p.net),"
                    + " ubc_map(p.ubc, 4, element_at(p.ext, 'channel')) FROM (SELECT ubc_parse('"
                    + line
                    + "') AS p)"))
        .containsExactly("android|wifi|other");
  }

  @Test
  void aBadSlotFailsTheQueryNamingIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> rows("SELECT ubc_map('ubc_0001', 9, 'x')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Cannot map to dimension slot 9: a slot is 1..6 or 'd1'..'d6'");
  }

  @Test
  void thePluginFolderHoldsNoFlinkAndNoTrinoSpi() throws IOException {
    Path folder = Path.of(System.getProperty("trino.plugin-directory"));
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(
              files
                  .map(file -> file.getFileName().toString().replaceFirst("-[0-9].*\\.jar$", ""))
                  .sorted()
                  .toList())
          .containsExactly(
              "datasketches-java",
              "jackson-annotations",
              "jackson-core",
              "jackson-databind",
              "slf4j-api",
              "slf4j-jdk14",
              "watershed-contracts",
              "watershed-trino-functions",
              "watershed-udfs");
    }
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          fields.add(String.valueOf(result.getString(i)));
        }
        values.add(String.join("|", fields));
      }
    }
    return values;
  }
}
