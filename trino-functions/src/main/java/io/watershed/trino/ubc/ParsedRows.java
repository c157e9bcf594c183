package io.watershed.trino.ubc;

import static io.trino.spi.type.BigintType.BIGINT;
import static io.trino.spi.type.DateTimeEncoding.packDateTimeWithZone;
import static io.trino.spi.type.TimeZoneKey.UTC_KEY;
import static io.trino.spi.type.TimestampWithTimeZoneType.TIMESTAMP_TZ_MILLIS;
import static io.trino.spi.type.VarcharType.VARCHAR;

import io.trino.spi.block.BlockBuilder;
import io.trino.spi.block.MapBlockBuilder;
import io.trino.spi.block.RowBlockBuilder;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.MapType;
import io.trino.spi.type.RowType;
import io.trino.spi.type.Type;
import io.trino.spi.type.TypeOperators;
import io.watershed.udfs.internal.UbcParser;
import io.watershed.udfs.internal.UbcRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The row {@code ubc_parse} returns: the fields of the Flink UDF's ROW, in its order, with Trino's
 * types (TIMESTAMP_LTZ(3) is {@code timestamp(3) with time zone}, in UTC).
 */
final class ParsedRows {
  static final String TYPE =
      "row(reason varchar, event_id varchar, ubc varchar, log_type varchar,"
          + " event_ts timestamp(3) with time zone, report_ts timestamp(3) with time zone,"
          + " os varchar, os_version varchar, device_id varchar, app varchar,"
          + " app_version varchar, net varchar, ext map(varchar, varchar), duration_ms bigint)";

  static final MapType EXT = new MapType(VARCHAR, VARCHAR, new TypeOperators());

  static final RowType ROW =
      RowType.from(
          List.of(
              RowType.field("reason", VARCHAR),
              RowType.field("event_id", VARCHAR),
              RowType.field("ubc", VARCHAR),
              RowType.field("log_type", VARCHAR),
              RowType.field("event_ts", TIMESTAMP_TZ_MILLIS),
              RowType.field("report_ts", TIMESTAMP_TZ_MILLIS),
              RowType.field("os", VARCHAR),
              RowType.field("os_version", VARCHAR),
              RowType.field("device_id", VARCHAR),
              RowType.field("app", VARCHAR),
              RowType.field("app_version", VARCHAR),
              RowType.field("net", VARCHAR),
              RowType.field("ext", EXT),
              RowType.field("duration_ms", BIGINT)));

  private ParsedRows() {}

  static SqlRow of(UbcParser.Result result) {
    RowBlockBuilder builder = ROW.createBlockBuilder(null, 1);
    UbcRecord record = result.record();
    builder.buildEntry(
        fields -> {
          if (record == null) {
            VARCHAR.writeString(fields.get(0), result.reason());
            for (int i = 1; i < fields.size(); i++) {
              fields.get(i).appendNull();
            }
            return;
          }
          fields.get(0).appendNull();
          text(fields.get(1), record.eventId());
          text(fields.get(2), record.ubc());
          text(fields.get(3), record.logType());
          timestamp(fields.get(4), record.eventTs());
          timestamp(fields.get(5), record.reportTs());
          text(fields.get(6), record.os());
          text(fields.get(7), record.osVersion());
          text(fields.get(8), record.deviceId());
          text(fields.get(9), record.app());
          text(fields.get(10), record.appVersion());
          text(fields.get(11), record.net());
          map(fields.get(12), record.ext());
          if (record.durationMs() == null) {
            fields.get(13).appendNull();
          } else {
            BIGINT.writeLong(fields.get(13), record.durationMs());
          }
        });
    return ROW.getObject(builder.buildValueBlock(), 0);
  }

  private static void text(BlockBuilder out, String value) {
    if (value == null) {
      out.appendNull();
    } else {
      VARCHAR.writeString(out, value);
    }
  }

  private static void timestamp(BlockBuilder out, Instant value) {
    TIMESTAMP_TZ_MILLIS.writeLong(out, packDateTimeWithZone(value.toEpochMilli(), UTC_KEY));
  }

  private static void map(BlockBuilder out, Map<String, String> values) {
    ((MapBlockBuilder) out)
        .buildEntry(
            (keys, entries) ->
                values.forEach(
                    (key, value) -> {
                      VARCHAR.writeString(keys, key);
                      VARCHAR.writeString(entries, value);
                    }));
  }

  /** For tests: the type, to read a returned row's fields back. */
  static Type fieldType(int index) {
    return ROW.getFields().get(index).getType();
  }
}
