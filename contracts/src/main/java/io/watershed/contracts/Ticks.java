package io.watershed.contracts;

/**
 * A tick: a record that says "report time has reached T in this lane", so that the window job's
 * watermark moves on and the last minutes close when traffic stops.
 *
 * <p>The HTTP intake sends one to every partition (lane) of {@link Topics#RAW_UBC} every {@code
 * intake.tick-interval}, with its clock's time. It enters where the records enter, through the same
 * producer, so it never overtakes a record handed to Kafka before it: within a lane, every record
 * ahead of a tick is ahead of it all the way to the window job. A tick is a Kafka record with an
 * empty value and the header {@link #HEADER} (no provenance headers); clients cannot forge one,
 * since the intake sets headers itself. Several intakes ticking is harmless.
 *
 * <p>The jobs pass ticks on in their lane and never count them: raw_to_lake and ubc_clean keep them
 * out of the lake (logs.lines, ubc.events, ubc.rejects); ubc_clean writes them to {@link
 * Topics#CLEAN_UBC} with {@code log_type} {@link #TYPE} and their time as {@code report_ts};
 * ubc_monitor writes them to {@link Topics#MONITOR} with {@link MonitorRecord#TYPE} {@link #TYPE}
 * and their time as {@link MonitorRecord#REPORT_TS}, without id or UBC id; ubc_windows lets them
 * drive its watermark and lake.ops.progress, never a window's count nor ubc.late. A consumer of
 * either layer 2 topic skips records of type {@link #TYPE}.
 */
public final class Ticks {
  /** The Kafka header of a tick in layer 1: its report time, epoch milliseconds, decimal. */
  public static final String HEADER = "tick";

  /**
   * The type of a tick in layer 2: {@code log_type} in {@link Topics#CLEAN_UBC}, {@link
   * MonitorRecord#TYPE} in {@link Topics#MONITOR}. No UBC record has it (their type is {@code
   * event} or {@code flow}).
   */
  public static final String TYPE = "tick";

  private Ticks() {}
}
