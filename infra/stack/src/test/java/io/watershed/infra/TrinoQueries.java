package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Queries through the stack's Trino over trino-jdbc. */
final class TrinoQueries {
  private TrinoQueries() {}

  static Connection connect(LocalStack stack) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "watershed-it");
    return DriverManager.getConnection(
        "jdbc:trino://%s:%d/lake".formatted(stack.config().host(), stack.config().trinoPort()),
        properties);
  }

  static List<String> column(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      while (resultSet.next()) {
        values.add(resultSet.getString(1));
      }
    }
    return values;
  }

  static List<String> rows(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      int columns = resultSet.getMetaData().getColumnCount();
      while (resultSet.next()) {
        List<String> fields = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          fields.add(resultSet.getString(i));
        }
        values.add(String.join("|", fields));
      }
    }
    return values;
  }

  /**
   * Polls {@code sql} (a single count) until it reaches {@code expected} or {@code timeout} passes,
   * then asserts it equals {@code expected}: more is a duplicate, less a loss.
   */
  static void awaitCount(Connection trino, String sql, long expected, Duration timeout)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long count = -1;
    while (System.nanoTime() < deadline) {
      count = Long.parseLong(column(trino, sql).get(0));
      if (count >= expected) {
        break;
      }
      Thread.sleep(2000);
    }
    assertThat(count).as(sql).isEqualTo(expected);
  }
}
