package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections to Trino for the service's own queries (series, watermark), as {@code
 * monitor.trino.user}: a HikariCP pool of trino-jdbc connections, prepared statements sent as
 * {@code EXECUTE IMMEDIATE} ({@code explicitPrepare=false}: one round trip, no server-side
 * statement to leak), each query bounded by the query timeout. Opening connects nothing: a Trino
 * that is down fails the queries, not the service's start or its readiness.
 */
final class TrinoPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrinoPool.class);
  static final String DRIVER = "io.trino.jdbc.TrinoDriver";

  private final HikariDataSource dataSource;
  private final Duration timeout;

  private TrinoPool(HikariDataSource dataSource, Duration timeout) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  /** One row of a result set, read into a value. */
  @FunctionalInterface
  interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  static TrinoPool open(QuerySettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("monitor-trino");
    config.setDriverClassName(DRIVER);
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setDataSourceProperties(connectionProperties("watershed-monitor", settings));
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(settings.poolSize());
    // a request waits at most the query timeout for a free connection
    config.setConnectionTimeout(Math.max(250, settings.queryTimeout().toMillis()));
    // never fail the start: trino-jdbc connects on the first query only
    config.setInitializationFailTimeout(-1);
    return new TrinoPool(new HikariDataSource(config), settings.queryTimeout());
  }

  /**
   * The properties of a trino-jdbc connection (besides the user): the statements' {@code source},
   * UTC, no server-side PREPARE, and how long the client retries reaching the server.
   */
  static Properties connectionProperties(String source, QuerySettings settings) {
    Properties properties = new Properties();
    properties.setProperty("explicitPrepare", "false");
    properties.setProperty("source", source);
    properties.setProperty("timezone", "UTC");
    properties.setProperty("timeout", settings.queryTimeout().toMillis() + "ms");
    return properties;
  }

  /**
   * Runs a query and reads every row; 503 {@code query_unavailable} naming {@code action} when
   * Trino cannot answer.
   */
  <T> List<T> query(String action, SqlStatement statement, RowReader<T> reader) {
    long start = System.nanoTime();
    List<T> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement prepared = connection.prepareStatement(statement.sql())) {
      prepared.setQueryTimeout(seconds(timeout));
      bind(prepared, statement.parameters());
      try (ResultSet resultSet = prepared.executeQuery()) {
        while (resultSet.next()) {
          rows.add(reader.read(resultSet));
        }
      }
    } catch (SQLException e) {
      throw TrinoFailures.ofServiceQuery(action, e);
    }
    LOG.debug(
        "Trino query to {}: {} row(s) in {} ms",
        action,
        rows.size(),
        (System.nanoTime() - start) / 1_000_000);
    return rows;
  }

  static void bind(PreparedStatement prepared, List<Object> parameters) throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      Object parameter = parameters.get(i);
      if (parameter instanceof Long value) {
        prepared.setLong(i + 1, value);
      } else {
        prepared.setString(i + 1, (String) parameter);
      }
    }
  }

  /** Whole seconds, at least one: what JDBC's query timeout takes. */
  static int seconds(Duration duration) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (duration.toMillis() + 999) / 1000));
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
