package io.watershed.udfs;

import io.watershed.udfs.internal.UbcParser;
import io.watershed.udfs.internal.UbcRecord;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/**
 * {@code ubc_parse(line)}: one raw UBC line to exactly one row: the typed UBC record, or a reject
 * reason. Exactly one of {@code reason} and {@code event_id} is null. Null-safe: a null line is
 * rejected as {@code not_json}.
 *
 * <p>A scalar function returning a ROW, used as {@code SELECT ubc_parse(line) AS p ...} in a view
 * that the sinks read {@code p.event_id}, {@code p.reason} ... from. Its result depends on the line
 * only, but it says it is not deterministic: that keeps the planner from copying the call into
 * every field access (30 parses a record in ubc_clean, measured with EXPLAIN). With the runner's
 * {@code table.optimizer.reuse-optimize-block-with-digest-enabled} the view is then one operator
 * that every sink shares: one parse a record. (As a table function, each INSERT's LATERAL TABLE got
 * its own correlation variable, no two alike, so ubc_clean parsed every line three times.)
 */
public final class UbcParse extends ScalarFunction {
  public static final String NAME = "ubc_parse";

  @DataTypeHint(
      "ROW<reason STRING, event_id STRING, ubc STRING, log_type STRING,"
          + " event_ts TIMESTAMP_LTZ(3), report_ts TIMESTAMP_LTZ(3), os STRING,"
          + " os_version STRING, device_id STRING, app STRING, app_version STRING,"
          + " net STRING, ext MAP<STRING, STRING>, duration_ms BIGINT>")
  public Row eval(String line) {
    UbcParser.Result result = UbcParser.parse(line);
    UbcRecord record = result.record();
    if (record == null) {
      return Row.of(
          result.reason(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    return Row.of(
        null,
        record.eventId(),
        record.ubc(),
        record.logType(),
        record.eventTs(),
        record.reportTs(),
        record.os(),
        record.osVersion(),
        record.deviceId(),
        record.app(),
        record.appVersion(),
        record.net(),
        record.ext(),
        record.durationMs());
  }

  /** Not deterministic to the planner only: see the class comment. */
  @Override
  public boolean isDeterministic() {
    return false;
  }
}
