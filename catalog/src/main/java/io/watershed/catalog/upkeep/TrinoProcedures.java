package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Trino's Iceberg table procedures over trino-jdbc: the statements of {@code procedures.sql}, each
 * on a fresh connection with a query timeout, so no upkeep statement runs for ever.
 */
final class TrinoProcedures {
  static final String DRIVER = "io.trino.jdbc.TrinoDriver";

  private final String url;
  private final String user;
  private final String catalog;
  private final Duration timeout;
  private final Map<String, String> statements;

  TrinoProcedures(
      String url, String user, String catalog, Duration timeout, Map<String, String> statements) {
    this.url = requireNonNull(url, "url is null");
    this.user = requireNonNull(user, "user is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.statements = Map.copyOf(requireNonNull(statements, "statements is null"));
  }

  static TrinoProcedures of(UpkeepSettings settings) {
    try {
      Class.forName(DRIVER);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Cannot load the Trino JDBC driver " + DRIVER, e);
    }
    return new TrinoProcedures(
        settings.trinoUrl(),
        settings.trinoUser(),
        settings.trinoCatalog(),
        settings.statementTimeout(),
        statements());
  }

  /** Whether Trino answers a trivial query within 10 s; throws with the reason when not. */
  void probe() throws SQLException {
    run(statements.get("probe"), Duration.ofSeconds(10));
  }

  /** Compacts data files smaller than {@code thresholdBytes}, applying delete files. */
  Map<String, String> optimize(TableIdentifier table, long thresholdBytes) throws SQLException {
    return run(
        statement("optimize", table).replace("{threshold}", literal(thresholdBytes + "B")),
        timeout);
  }

  /** Rewrites the manifests into fewer, partition-ordered ones. */
  Map<String, String> optimizeManifests(TableIdentifier table) throws SQLException {
    return run(statement("optimize_manifests", table), timeout);
  }

  /** Expires snapshots older than {@code age} and deletes the files only they referenced. */
  Map<String, String> expireSnapshots(TableIdentifier table, Duration age) throws SQLException {
    return run(
        statement("expire_snapshots", table).replace("{retention}", literal(Ages.trino(age))),
        timeout);
  }

  /**
   * Deletes files under the table's location that no snapshot references, older than {@code age}.
   */
  Map<String, String> removeOrphanFiles(TableIdentifier table, Duration age) throws SQLException {
    return run(
        statement("remove_orphan_files", table).replace("{retention}", literal(Ages.trino(age))),
        timeout);
  }

  private String statement(String name, TableIdentifier table) {
    List<String> parts = new ArrayList<>();
    parts.add(catalog);
    parts.addAll(List.of(table.namespace().levels()));
    parts.add(table.name());
    String quoted =
        String.join(".", parts.stream().map(p -> '"' + p.replace("\"", "\"\"") + '"').toList());
    return statements.get(name).replace("{table}", quoted);
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** Runs one statement; the first row of its answer, column by column (empty when none). */
  private Map<String, String> run(String sql, Duration limit) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("source", "watershed-upkeep");
    try (Connection connection = DriverManager.getConnection(url, properties);
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, limit.toSeconds())));
      Map<String, String> answer = new LinkedHashMap<>();
      if (statement.execute(sql)) {
        try (ResultSet rows = statement.getResultSet()) {
          ResultSetMetaData columns = rows.getMetaData();
          if (rows.next()) {
            for (int i = 1; i <= columns.getColumnCount(); i++) {
              answer.put(columns.getColumnLabel(i), rows.getString(i));
            }
          }
          while (rows.next()) {
            // drained, so the query finishes
          }
        }
      } else if (statement.getUpdateCount() >= 0) {
        answer.put("rows", String.valueOf(statement.getUpdateCount()));
      }
      return answer;
    }
  }

  /** The named statements of {@code procedures.sql} ({@code -- name: x} opens each). */
  static Map<String, String> statements() {
    String text;
    try (InputStream in = TrinoProcedures.class.getResourceAsStream("procedures.sql")) {
      if (in == null) {
        throw new IllegalStateException("Cannot find upkeep's procedures.sql on the classpath");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read upkeep's procedures.sql", e);
    }
    Map<String, String> named = new LinkedHashMap<>();
    String name = null;
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("-- name: ")) {
        if (name != null) {
          named.put(name, body.toString().strip());
        }
        name = line.substring("-- name: ".length()).strip();
        body.setLength(0);
      } else if (name != null && !line.startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    if (name != null) {
      named.put(name, body.toString().strip());
    }
    return named;
  }
}
