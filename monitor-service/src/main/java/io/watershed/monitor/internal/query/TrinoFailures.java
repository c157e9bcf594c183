package io.watershed.monitor.internal.query;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed Trino query means to the caller. trino-jdbc reports a query the server failed as
 * {@code Query failed (#<query id>): <message>} with Trino's error code; anything else (refused
 * connections, timeouts reaching the server, a full pool) never reached a query.
 */
final class TrinoFailures {
  /** trino-jdbc's text of a query the server failed. */
  private static final Pattern QUERY_FAILED =
      Pattern.compile("(?s)Query failed \\(#[^)]*\\): (.*)");

  /** Trino's standard error codes: USER_ERROR 0x0000_xxxx, INSUFFICIENT_RESOURCES 0x0002_xxxx. */
  private static final int USER_ERRORS_END = 0x0001_0000;

  private static final int INSUFFICIENT_RESOURCES_START = 0x0002_0000;
  private static final int INSUFFICIENT_RESOURCES_END = 0x0003_0000;

  private TrinoFailures() {}

  /**
   * A failure of the service's own queries (series, watermark): 503 {@code query_unavailable},
   * whatever Trino said; the log keeps Trino's message.
   */
  static ApiException ofServiceQuery(String action, SQLException e) {
    return new ApiException(
        MonitorErrorCode.QUERY_UNAVAILABLE, "Cannot %s: %s".formatted(action, reason(e)), e);
  }

  /**
   * A failure of a caller's SQL: 400 {@code query_failed} with Trino's message when Trino refused
   * the query (a user error: syntax, a missing table, access denied; or a limit it exceeded);
   * otherwise 503 {@code query_unavailable}.
   */
  static ApiException ofCallersQuery(String action, SQLException e) {
    String message = trinoMessage(e);
    if (message != null && refusedForTheCaller(e.getErrorCode())) {
      return new ApiException(
          MonitorErrorCode.QUERY_FAILED,
          "Cannot %s: Trino refused it: %s".formatted(action, message));
    }
    return ofServiceQuery(action, e);
  }

  /** Trino's own message of a failed query, or null when the failure is not Trino's answer. */
  static String trinoMessage(SQLException e) {
    if (e.getMessage() == null) {
      return null;
    }
    Matcher matcher = QUERY_FAILED.matcher(e.getMessage());
    return matcher.matches() ? matcher.group(1).strip() : null;
  }

  static boolean refusedForTheCaller(int errorCode) {
    return (errorCode >= 0 && errorCode < USER_ERRORS_END)
        || (errorCode >= INSUFFICIENT_RESOURCES_START && errorCode < INSUFFICIENT_RESOURCES_END);
  }

  private static String reason(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return "every connection to Trino is busy (monitor.trino.pool-size); try again";
    }
    if (trinoMessage(e) != null) {
      return "Trino failed the query (details in the server log)";
    }
    return "Trino is unreachable or did not answer in time (details in the server log)";
  }
}
