package io.watershed.monitor.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** The failures are built as trino-jdbc builds them (ResultUtils.resultsException). */
class TrinoFailuresTest {
  private static SQLException refused(String message, int errorCode) {
    return new SQLException(
        "Query failed (#20260310_101500_00042_abcde): " + message, null, errorCode);
  }

  @Test
  void theCallersRefusedSqlAnswersTrinosMessage() {
    ApiException denied =
        TrinoFailures.ofCallersQuery(
            "run the SQL",
            refused("Access Denied: Cannot insert into table lake.ubc.metrics_1m", 4));
    assertThat(denied.code()).isEqualTo(MonitorErrorCode.QUERY_FAILED);
    assertThat(denied.getMessage())
        .isEqualTo(
            "Cannot run the SQL: Trino refused it: Access Denied: Cannot insert into table"
                + " lake.ubc.metrics_1m");
    ApiException slow =
        TrinoFailures.ofCallersQuery(
            "run the SQL", refused("Query exceeded maximum time limit of 30.00s", 0x0002_0003));
    assertThat(slow.code()).isEqualTo(MonitorErrorCode.QUERY_FAILED);
  }

  @Test
  void trinosOwnAndTransportFailuresAreUnavailableWithoutTheirText() {
    ApiException internal =
        TrinoFailures.ofCallersQuery(
            "run the SQL", refused("Error opening split hdfs://nn/x: broken", 0x0100_0001));
    assertThat(internal.code()).isEqualTo(MonitorErrorCode.QUERY_UNAVAILABLE);
    assertThat(internal.getMessage())
        .isEqualTo("Cannot run the SQL: Trino failed the query (details in the server log)");
    ApiException down =
        TrinoFailures.ofServiceQuery(
            "read the series of u",
            new SQLException(
                "Error executing query: java.net.ConnectException: refused",
                new UncheckedIOException(new ConnectException("refused"))));
    assertThat(down.code()).isEqualTo(MonitorErrorCode.QUERY_UNAVAILABLE);
    assertThat(down.getMessage())
        .isEqualTo(
            "Cannot read the series of u: Trino is unreachable or did not answer in time (details"
                + " in the server log)");
    assertThat(down.getCause()).isInstanceOf(SQLException.class);
    ApiException busy =
        TrinoFailures.ofServiceQuery(
            "read the series of u", new SQLTransientConnectionException("timed out"));
    assertThat(busy.getMessage()).contains("every connection to Trino is busy");
    // the service's own query refused by Trino is its own problem, not the caller's
    assertThat(
            TrinoFailures.ofServiceQuery("read", refused("Table 'lake.ubc.x' does not exist", 46))
                .code())
        .isEqualTo(MonitorErrorCode.QUERY_UNAVAILABLE);
  }
}
