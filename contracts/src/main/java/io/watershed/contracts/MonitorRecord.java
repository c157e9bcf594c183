package io.watershed.contracts;

import java.util.List;

/**
 * A record of {@link Topics#MONITOR}: a trimmed UBC monitoring record (~0.2 KB of JSON), written by
 * ubc_monitor (the {@code ubc_trim} UDF's row plus the device id) and read by ubc_windows. Its
 * Kafka key is the lane (the raw partition the record came from); its value has these fields. The
 * queue also carries ticks ({@link #TICK}), which move report time on in their lane.
 */
public final class MonitorRecord {
  /** The event id, or {@code h:} and its hash when longer than 64 characters. */
  public static final String ID = "id";

  /** The UBC id, kept like {@link #ID}. */
  public static final String UBC = "ubc";

  /** The log type: {@link #EVENT}, {@link #FLOW}, or {@link #TICK} on a tick. */
  public static final String TYPE = "t";

  /** The report time, epoch milliseconds. */
  public static final String REPORT_TS = "rts";

  /** The six dimension slots d1..d6, mapped by the monitor service's rules. */
  public static final List<String> DIMENSIONS = List.of("d1", "d2", "d3", "d4", "d5", "d6");

  /** The duration in milliseconds, on flow logs only. */
  public static final String DURATION = "dur";

  /** The version of the dimension rules that mapped d1..d6. */
  public static final String RULES_VERSION = "rv";

  /** The device id (for the distinct-device sketches), at most 64 characters. */
  public static final String DEVICE = "dev";

  /** {@link #TYPE} of an event log. */
  public static final String EVENT = "e";

  /** {@link #TYPE} of a flow log. */
  public static final String FLOW = "f";

  /**
   * {@link #TYPE} of a tick ({@link Ticks}): only {@link #REPORT_TS} and the lane (the key) mean
   * something; it is never counted.
   */
  public static final String TICK = Ticks.TYPE;

  /** Every field but {@link #DEVICE} with its Flink SQL type, in order: what ubc_trim returns. */
  public static final String TRIMMED_COLUMNS =
      "id STRING, ubc STRING, t STRING, rts BIGINT, d1 STRING, d2 STRING, d3 STRING,"
          + " d4 STRING, d5 STRING, d6 STRING, dur BIGINT, rv BIGINT";

  /** Every field with its Flink SQL type, in order: a table over the topic's values. */
  public static final String COLUMNS = TRIMMED_COLUMNS + ", dev STRING";

  /** The Flink row type of what {@code ubc_trim} returns (a constant, for its type hint). */
  public static final String TRIMMED_ROW_TYPE = "ROW<" + TRIMMED_COLUMNS + ">";

  private MonitorRecord() {}

  /** The value's fields, in the order the jobs declare them. */
  public static List<String> fields() {
    return List.of(
        ID,
        UBC,
        TYPE,
        REPORT_TS,
        DIMENSIONS.get(0),
        DIMENSIONS.get(1),
        DIMENSIONS.get(2),
        DIMENSIONS.get(3),
        DIMENSIONS.get(4),
        DIMENSIONS.get(5),
        DURATION,
        RULES_VERSION,
        DEVICE);
  }
}
