package io.watershed.bench;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A trino-jdbc connection of the benches: user {@code watershed-bench}, UTC, and statements sent
 * without a separate prepare ({@code explicitPrepare=false}), as the monitor service sends them.
 */
public final class BenchTrino {
  private BenchTrino() {}

  /** Connects to the Trino at {@code trino} (its HTTP URI). */
  public static Connection connect(URI trino) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", "watershed-bench");
    properties.setProperty("explicitPrepare", "false");
    properties.setProperty("timezone", "UTC");
    return DriverManager.getConnection(
        "jdbc:trino://" + trino.getHost() + ":" + trino.getPort(), properties);
  }
}
