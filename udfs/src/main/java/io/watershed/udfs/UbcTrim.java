package io.watershed.udfs;

import io.watershed.contracts.MonitorRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.datasketches.hash.MurmurHash3;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;
import org.apache.flink.types.Row;

/**
 * {@code ubc_trim(event_id, ubc, log_type, report_ts, dims, duration_ms)}: the monitoring record
 * ({@link MonitorRecord}, the {@code ws.monitor} contract, without the device id), only what
 * monitoring needs, every string bounded so that it is ~0.2 KB as JSON whatever the raw record's
 * size.
 *
 * <ul>
 *   <li>{@code id}, {@code ubc}: kept up to {@value #MAX_ID} chars; longer ones become {@code h:}
 *       and the 128-bit MurmurHash3 (seed 0) of their UTF-8 bytes in 32 hex digits, so that dedup
 *       by id still works.
 *   <li>{@code t}: {@code e} for event, {@code f} for flow; anything else cut to {@value #MAX_TYPE}
 *       chars.
 *   <li>{@code rts}: the report time in epoch ms.
 *   <li>{@code d1}..{@code d6}: cut to {@value #MAX_DIMENSION} UTF-16 chars, no marker (never
 *       between the two halves of a surrogate pair); null becomes {@code ''}.
 *   <li>{@code dur}: the duration, for flow logs only (null otherwise).
 *   <li>{@code rv}: the rules version of {@code dims}.
 * </ul>
 */
public final class UbcTrim extends ScalarFunction {
  public static final String NAME = "ubc_trim";
  public static final int MAX_ID = 64;
  public static final int MAX_DIMENSION = 32;
  public static final int MAX_TYPE = 8;
  public static final String HASH_PREFIX = "h:";

  public @DataTypeHint(MonitorRecord.TRIMMED_ROW_TYPE) Row eval(
      String eventId,
      String ubc,
      String logType,
      @DataTypeHint("TIMESTAMP_LTZ(3)") Instant reportTs,
      @DataTypeHint(
              "ROW<d1 STRING, d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING,"
                  + " rules_version BIGINT>")
          Row dims,
      Long durationMs) {
    String type = type(logType);
    return Row.of(
        id(eventId),
        id(ubc),
        type,
        reportTs == null ? null : reportTs.toEpochMilli(),
        dimension(dims, 0),
        dimension(dims, 1),
        dimension(dims, 2),
        dimension(dims, 3),
        dimension(dims, 4),
        dimension(dims, 5),
        MonitorRecord.FLOW.equals(type) ? durationMs : null,
        dims == null ? null : (Long) dims.getField(6));
  }

  /** An id as kept: itself up to {@value #MAX_ID} chars, else {@code h:} + 128-bit hash hex. */
  public static String id(String id) {
    if (id == null || id.length() <= MAX_ID) {
      return id;
    }
    long[] hash = MurmurHash3.hash(id.getBytes(StandardCharsets.UTF_8), 0L);
    return HASH_PREFIX + hex(hash[0]) + hex(hash[1]);
  }

  static String type(String logType) {
    if (logType == null) {
      return null;
    }
    return switch (logType) {
      case "event" -> MonitorRecord.EVENT;
      case "flow" -> MonitorRecord.FLOW;
      default -> cut(logType, MAX_TYPE);
    };
  }

  private static String dimension(Row dims, int index) {
    Object value = dims == null ? null : dims.getField(index);
    return value == null ? "" : cut((String) value, MAX_DIMENSION);
  }

  /** The first {@code max} UTF-16 chars, one less if the cut would split a surrogate pair. */
  static String cut(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
    return value.substring(0, end);
  }

  private static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0".repeat(16 - digits.length()) + digits;
  }
}
