package io.watershed.monitor;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A schema of its own, with a random name, in the local PostgreSQL (127.0.0.1:5432, database {@code
 * test}, trust auth), selected with {@code currentSchema}; {@link #close()} drops it with all it
 * holds. Schemas of earlier runs that died before dropping theirs are dropped first.
 */
public final class PostgresDatabase implements TestDatabase {
  private static final String SERVER_URL =
      System.getProperty("watershed.it.postgres-url", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER = System.getProperty("watershed.it.postgres-user", "postgres");
  private static final String SCHEMA_PREFIX = "ws_monitor_it_";
  private static final long STALE_AFTER_SECONDS = TimeUnit.HOURS.toSeconds(1);

  private final String schema;

  private PostgresDatabase(String schema) {
    this.schema = requireNonNull(schema, "schema is null");
  }

  public static PostgresDatabase create() {
    long now = System.currentTimeMillis() / 1000;
    String schema =
        SCHEMA_PREFIX
            + now
            + "_"
            + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);
    try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
        Statement statement = connection.createStatement()) {
      for (String stale : staleSchemas(statement, now)) {
        statement.execute("DROP SCHEMA IF EXISTS " + stale + " CASCADE");
      }
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create schema %s in %s as %s: %s".formatted(schema, SERVER_URL, USER, e), e);
    }
    return new PostgresDatabase(schema);
  }

  @Override
  public String jdbcUrl() {
    return SERVER_URL + "?currentSchema=" + schema;
  }

  @Override
  public String user() {
    return USER;
  }

  @Override
  public void close() {
    try (Connection connection = DriverManager.getConnection(SERVER_URL, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot drop schema %s: %s".formatted(schema, e), e);
    }
  }

  /** Schemas of earlier runs that died before dropping them: named with their creation time. */
  private static List<String> staleSchemas(Statement statement, long now) throws SQLException {
    List<String> stale = new ArrayList<>();
    try (ResultSet schemas =
        statement.executeQuery(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '"
                + SCHEMA_PREFIX
                + "%'")) {
      while (schemas.next()) {
        String name = schemas.getString(1);
        String[] parts = name.substring(SCHEMA_PREFIX.length()).split("_");
        try {
          if (now - Long.parseLong(parts[0]) > STALE_AFTER_SECONDS) {
            stale.add(name);
          }
        } catch (NumberFormatException e) {
          // not one of ours after all
        }
      }
    }
    return stale;
  }
}
