package io.watershed.contracts;

/**
 * The Kafka topics of the pipeline (ARCHITECTURE.md, Contracts): layer 1 {@code ws.raw.<source>}
 * (raw lines, provenance in headers), layer 2 {@code ws.clean.ubc} and {@code ws.monitor}. These
 * are the defaults of the collector's and the jobs' topic keys; the SQL jobs name them through
 * those keys.
 */
public final class Topics {
  /** Layer 1: every topic of raw lines starts with this, then the source's name. */
  public static final String RAW_PREFIX = "ws.raw.";

  /** Layer 1 topics as a regular expression (the raw_to_lake job reads all of them). */
  public static final String RAW_PATTERN = "ws\\.raw\\..*";

  /** Layer 1: raw UBC records from the HTTP intake. */
  public static final String RAW_UBC = RAW_PREFIX + "ubc";

  /** Layer 2: cleaned UBC records, written by ubc_clean. */
  public static final String CLEAN_UBC = "ws.clean.ubc";

  /** Layer 2: trimmed UBC monitoring records ({@link MonitorRecord}), written by ubc_monitor. */
  public static final String MONITOR = "ws.monitor";

  private Topics() {}

  /** The layer 1 topic of a source: {@code ws.raw.<source>}. */
  public static String raw(String source) {
    return RAW_PREFIX + source;
  }
}
