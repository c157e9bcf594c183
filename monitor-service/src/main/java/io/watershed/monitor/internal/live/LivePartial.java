package io.watershed.monitor.internal.live;

import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;

/**
 * The live counts of one point of a series and one group: page views, the duration sum (null when
 * no record carried a duration, as SQL's {@code sum} of nulls) and, when asked for, the distinct
 * devices as a Theta union. Partials merge: page views and durations add up, devices unite.
 *
 * @see LiveMinutes#query
 */
public final class LivePartial {
  private final long bucket;
  private final String member;
  private long pv;
  private long durationSum;
  private long durations;
  private Union devices;

  LivePartial(long bucket, String member) {
    this.bucket = bucket;
    this.member = member;
  }

  /** An empty partial to merge others into. */
  public static LivePartial empty(long bucket, String member) {
    return new LivePartial(bucket, member);
  }

  /** The start of the point, epoch milliseconds. */
  public long bucket() {
    return bucket;
  }

  /** The group's value of the grouping dimension; null without grouping or without a value. */
  public String member() {
    return member;
  }

  public long pv() {
    return pv;
  }

  /** The sum of the durations, or null when no record carried one. */
  public Long duration() {
    return durations == 0 ? null : durationSum;
  }

  /** The distinct devices' estimate (a double, as Trino's theta_sketch_cardinality); 0 if none. */
  public double devices() {
    return devices == null ? 0 : devices.getResult().getEstimate();
  }

  /** Adds {@code other}'s counts to this one's. */
  public void merge(LivePartial other) {
    pv += other.pv;
    durationSum += other.durationSum;
    durations += other.durations;
    if (other.devices != null) {
      union().union(other.devices.getResult());
    }
  }

  void add(MinuteCounts counts, boolean withDevices) {
    pv += counts.pv();
    durationSum += counts.durationSum();
    durations += counts.durations();
    if (withDevices && counts.devices() != null) {
      union().union(counts.devices());
    }
  }

  private Union union() {
    if (devices == null) {
      devices = newUnion();
    }
    return devices;
  }

  /** A union of the UDFs' size and the default seed, as Trino's theta_sketch_union. */
  static Union newUnion() {
    return SetOperation.builder().setNominalEntries(MinuteCounts.NOMINAL_ENTRIES).buildUnion();
  }
}
