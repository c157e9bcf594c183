package io.watershed.trino.sketches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.watershed.trino.TrinoServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.datasketches.theta.CompactThetaSketch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The plugin folder in a real Trino 476: sketches built here by DataSketches, as the Flink jobs
 * build them, are merged and counted through SQL.
 */
class SketchFunctionsIT {
  private static TrinoServer trino;
  private static Connection connection;

  @BeforeAll
  static void startTrino() throws Exception {
    trino = TrinoServer.start();
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
  }

  @Test
  void functionsAreRegistered() throws SQLException {
    assertThat(column("SHOW FUNCTIONS LIKE 'theta_sketch%'"))
        .contains("theta_sketch_union", "theta_sketch_cardinality");
  }

  @Test
  void unionOfOverlappingSketchesIsExactBelowNominalEntries() throws SQLException {
    String sql =
        "SELECT theta_sketch_cardinality(theta_sketch_union(s)) FROM (VALUES %s, %s, %s,"
            + " (CAST(NULL AS varbinary))) t(s)";
    assertThat(
            column(
                sql.formatted(
                    literal(ThetaSketchFunctionsTest.devices(0, 1000)),
                    literal(ThetaSketchFunctionsTest.devices(500, 1500)),
                    literal(ThetaSketchFunctionsTest.devices(1400, 2000)))))
        .containsExactly("2000.0");
  }

  @Test
  void unionInEstimationModeStaysWithinItsErrorBounds() throws SQLException {
    String sql =
        "SELECT theta_sketch_union(s), theta_sketch_cardinality(theta_sketch_union(s))"
            + " FROM (VALUES %s, %s, %s) t(s)";
    int devices = 25_000;
    try (Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery(
                sql.formatted(
                    literal(ThetaSketchFunctionsTest.devices(0, 10_000)),
                    literal(ThetaSketchFunctionsTest.devices(5_000, 20_000)),
                    literal(ThetaSketchFunctionsTest.devices(15_000, devices))))) {
      assertThat(result.next()).isTrue();
      CompactThetaSketch union = CompactThetaSketch.wrap(result.getBytes(1));
      double estimate = result.getDouble(2);
      assertThat(union.isEstimationMode()).isTrue();
      assertThat(estimate).isEqualTo(union.getEstimate());
      assertThat(union.getLowerBound(3)).isLessThanOrEqualTo(devices);
      assertThat(union.getUpperBound(3)).isGreaterThanOrEqualTo(devices);
      // 3 standard errors of a k = 4096 sketch: 3 / sqrt(4096) ~ 4.7 %
      assertThat(estimate).isCloseTo(devices, within(devices * 0.047));
    }
  }

  @Test
  void groupsAreMergedSeparately() throws SQLException {
    String sql =
        "SELECT g, theta_sketch_cardinality(theta_sketch_union(s)) FROM (VALUES ('a', %s),"
            + " ('b', %s), ('a', %s), ('c', CAST(NULL AS varbinary))) t(g, s) GROUP BY g ORDER BY g";
    assertThat(
            rows(
                sql.formatted(
                    literal(ThetaSketchFunctionsTest.devices(0, 100)),
                    literal(ThetaSketchFunctionsTest.devices(0, 40)),
                    literal(ThetaSketchFunctionsTest.devices(60, 160)))))
        .containsExactly("a|160.0", "b|40.0", "c|null");
  }

  @Test
  void nullsGiveNull() throws SQLException {
    assertThat(
            column(
                "SELECT theta_sketch_union(s) FROM (VALUES CAST(NULL AS varbinary),"
                    + " CAST(NULL AS varbinary)) t(s)"))
        .containsExactly((String) null);
    assertThat(column("SELECT theta_sketch_cardinality(CAST(NULL AS varbinary))"))
        .containsExactly((String) null);
  }

  @Test
  void invalidBytesFailTheQueryNamingTheProblem() {
    assertThatThrownBy(() -> column("SELECT theta_sketch_cardinality(X'0102030405060708')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Cannot read theta sketch of 8 bytes (X'0102030405060708')");
    assertThatThrownBy(
            () -> column("SELECT theta_sketch_union(s) FROM (VALUES X'DEADBEEFDEADBEEF') t(s)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Cannot read theta sketch");
  }

  /** This server's JVM names no rules server: ubc_map says so instead of failing obscurely. */
  @Test
  void ubcMapWithoutConfiguredRulesFailsWithAClearError() {
    assertThatThrownBy(() -> column("SELECT ubc_map('ubc_0001', 1, 'ios')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(
            "Cannot map with the dimension rules: the Trino server has no watershed.rules.url");
  }

  private static String literal(byte[] bytes) {
    return "(X'" + HexFormat.of().formatHex(bytes) + "')";
  }

  private static List<String> column(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    }
    return values;
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
