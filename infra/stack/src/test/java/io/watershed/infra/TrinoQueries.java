package io.watershed.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
}
