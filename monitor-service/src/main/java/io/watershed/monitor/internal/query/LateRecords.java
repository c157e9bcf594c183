package io.watershed.monitor.internal.query;

/**
 * Of the records reported in [from, to), how many came late and how many the windows counted.
 *
 * @param from the start of the span, epoch ms (report time)
 * @param to its end, exclusive
 * @param late distinct records in {@code ubc.late}: behind the window job's watermark on arrival
 * @param counted the pv of the minute windows: records counted in time
 */
public record LateRecords(long from, long to, long late, long counted) {
  /** The late share of all records of the span, or null when it has none. */
  public Double rate() {
    long all = late + counted;
    return all == 0 ? null : (double) late / all;
  }
}
