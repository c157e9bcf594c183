package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a caller's SQL as {@code monitor.trino.adhoc-user}. What it may do is Trino's to decide: the
 * stack's Trino lets that user read catalog {@code lake} and nothing else (file-based access
 * control); this class does not parse the SQL. It bounds what comes back: rows, bytes of values and
 * time (Trino's {@code query_max_run_time}, and the reading of rows), cutting off and flagging what
 * is over. Each query gets a connection of its own, closed after: a statement such as {@code SET
 * SESSION} or {@code USE} cannot reach the next caller's query.
 */
final class AdhocQuery {
  private static final Logger LOG = LoggerFactory.getLogger(AdhocQuery.class);
  static final String DEFAULT_CATALOG = "lake";

  private final QuerySettings settings;
  private final Semaphore running;

  AdhocQuery(QuerySettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.running = new Semaphore(settings.poolSize());
  }

  AdhocResult run(String sql) {
    boolean admitted;
    try {
      admitted = running.tryAcquire(settings.queryTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          MonitorErrorCode.QUERY_UNAVAILABLE, "Cannot run the SQL: interrupted while waiting", e);
    }
    if (!admitted) {
      throw new ApiException(
          MonitorErrorCode.QUERY_UNAVAILABLE,
          "Cannot run the SQL: %d ad-hoc queries are running already (monitor.trino.pool-size);"
                  .formatted(settings.poolSize())
              + " try again");
    }
    try {
      return execute(sql);
    } finally {
      running.release();
    }
  }

  private AdhocResult execute(String sql) {
    long start = System.nanoTime();
    long deadline = start + settings.adhocTimeout().toNanos();
    Properties properties = TrinoPool.connectionProperties("watershed-monitor-sql", settings);
    properties.setProperty("user", settings.adhocUser());
    try (Connection connection = DriverManager.getConnection(settings.url(), properties);
        Statement statement = connection.createStatement()) {
      if (connection.getCatalog() == null) {
        connection.setCatalog(DEFAULT_CATALOG);
      }
      statement.setQueryTimeout(TrinoPool.seconds(settings.adhocTimeout()));
      if (!statement.execute(sql)) {
        return new AdhocResult(List.of(), List.of(), null);
      }
      try (ResultSet resultSet = statement.getResultSet()) {
        AdhocResult result = read(resultSet, deadline);
        LOG.info(
            "Ad-hoc query as {}: {} row(s){} in {} ms",
            settings.adhocUser(),
            result.rows().size(),
            result.truncated() ? " (cut off by " + result.truncatedBy() + ")" : "",
            (System.nanoTime() - start) / 1_000_000);
        return result;
      }
    } catch (SQLException e) {
      throw TrinoFailures.ofCallersQuery("run the SQL", e);
    }
  }

  private AdhocResult read(ResultSet resultSet, long deadline) throws SQLException {
    ResultSetMetaData metaData = resultSet.getMetaData();
    int count = metaData.getColumnCount();
    List<AdhocResult.Column> columns = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      columns.add(
          new AdhocResult.Column(metaData.getColumnLabel(i), metaData.getColumnTypeName(i)));
    }
    List<List<Object>> rows = new ArrayList<>();
    long bytes = 0;
    String truncatedBy = null;
    while (resultSet.next()) {
      if (rows.size() >= settings.adhocMaxRows()) {
        truncatedBy = "rows";
        break;
      }
      if (System.nanoTime() > deadline) {
        truncatedBy = "time";
        break;
      }
      List<Object> row = new ArrayList<>(count);
      long rowBytes = 0;
      for (int i = 1; i <= count; i++) {
        Object value = value(resultSet, i);
        row.add(value);
        rowBytes += value == null ? 4 : value.toString().getBytes(StandardCharsets.UTF_8).length;
      }
      if (bytes + rowBytes > settings.adhocMaxBytes()) {
        truncatedBy = "bytes";
        break;
      }
      bytes += rowBytes;
      rows.add(row);
    }
    return new AdhocResult(columns, rows, truncatedBy);
  }

  /** A value as JSON takes it: numbers and booleans as they are, binary as hex, others as text. */
  static Object value(ResultSet resultSet, int column) throws SQLException {
    Object value = resultSet.getObject(column);
    if (value == null
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof Double number) {
      return Double.isFinite(number) ? number : number.toString();
    }
    if (value instanceof Float number) {
      return Float.isFinite(number) ? number : number.toString();
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return resultSet.getString(column);
  }
}
