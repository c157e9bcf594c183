package io.watershed.monitor.internal.live;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The running minutes, counted from the monitoring queue: per (UBC ID, minute of report time, log
 * type, d1..d6) page views, the duration sum and a device sketch ({@link MinuteCounts}), for the
 * minutes the lake does not hold yet.
 *
 * <ul>
 *   <li>A record at or before the watermark is not counted ({@link Outcome#FINAL}): its window is
 *       final in the lake, or ubc_windows sent it to {@code ubc.late}. A minute is dropped once its
 *       five-minute window is final (ends at or before the watermark): until then the five-minute
 *       point that holds it needs it.
 *   <li>Minutes older than the lookback are dropped too ({@link Outcome#TOO_OLD}), whatever the
 *       watermark (none is known without Trino); records more than {@link #AHEAD} after the clock
 *       are not counted ({@link Outcome#AHEAD}).
 *   <li>At most {@code maxKeys} keys: a record of a new key beyond it is dropped ({@link
 *       Outcome#KEY_CAP}); keys of the minutes dropped make room again.
 * </ul>
 *
 * <p>A point is <em>covered</em> when the minutes hold every record of it the queue had: its start
 * is at or after {@link #coveredFrom()}, the first whole minute after the time reading started
 * from, moved forward as minutes are dropped. Only covered points are answered.
 *
 * <p>Records are not deduplicated: a copy sent again by a retry counts twice here (the windows
 * count it once), so a provisional point may be a little high; it is replaced by the lake's exact
 * one when it becomes final. Thread-safe: one writer (the queue's reader) and many readers.
 */
public final class LiveMinutes {
  static final long MINUTE = 60_000;
  static final long FIVE_MINUTES = 5 * MINUTE;

  /** How far after the clock a report time may be and still count (clients' clocks drift). */
  public static final long AHEAD = 2 * MINUTE;

  /** What became of a record offered to {@link #add}. */
  public enum Outcome {
    COUNTED,
    /** At or before the watermark: the lake's windows hold it (or ubc.late). */
    FINAL,
    /** Older than the lookback. */
    TOO_OLD,
    /** More than {@link #AHEAD} after the clock. */
    AHEAD,
    /** A new key while {@code maxKeys} keys are held. */
    KEY_CAP
  }

  /** A UBC ID's key within a minute. */
  private record Key(String logType, List<String> dimensions) {}

  private final int maxKeys;
  private final long lookback;
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final NavigableMap<Long, Map<String, Map<Key, MinuteCounts>>> minutes = new TreeMap<>();
  private int keys;
  private Long watermark;
  private long horizon = Long.MIN_VALUE;
  private long coveredFrom = Long.MAX_VALUE;

  /**
   * @param maxKeys keys held at most
   * @param lookbackMillis the oldest a minute may be, before the clock
   */
  public LiveMinutes(int maxKeys, long lookbackMillis) {
    if (maxKeys < 1 || lookbackMillis < MINUTE) {
      throw new IllegalArgumentException(
          "Cannot hold live minutes of %d keys and a lookback of %d ms: at least 1 key and a minute"
              .formatted(maxKeys, lookbackMillis));
    }
    this.maxKeys = maxKeys;
    this.lookback = lookbackMillis;
  }

  /**
   * Reading starts at {@code readFrom} (epoch ms): the minutes from the next whole minute on are
   * covered (a record is appended to the queue after its report time).
   */
  public void start(long readFrom) {
    lock.writeLock().lock();
    try {
      coveredFrom = Math.max(ceil(readFrom, MINUTE), horizon);
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Counts {@code records} read at {@code now}; returns how many had each outcome. */
  public Map<Outcome, Integer> addAll(List<LiveRecord> records, long now) {
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    lock.writeLock().lock();
    try {
      for (LiveRecord record : records) {
        outcomes.merge(add(record, now), 1, Integer::sum);
      }
    } finally {
      lock.writeLock().unlock();
    }
    return outcomes;
  }

  private Outcome add(LiveRecord record, long now) {
    long reportTime = record.reportTime();
    if (watermark != null && reportTime <= watermark) {
      return Outcome.FINAL;
    }
    long minute = floor(reportTime, MINUTE);
    if (minute < Math.max(horizon, floor(now - lookback, MINUTE))) {
      return Outcome.TOO_OLD;
    }
    if (reportTime >= now + AHEAD) {
      return Outcome.AHEAD;
    }
    Key key = new Key(record.logType(), record.dimensions());
    Map<String, Map<Key, MinuteCounts>> ubcs = minutes.get(minute);
    Map<Key, MinuteCounts> counts = ubcs == null ? null : ubcs.get(record.ubc());
    MinuteCounts count = counts == null ? null : counts.get(key);
    if (count == null) {
      if (keys >= maxKeys) {
        return Outcome.KEY_CAP;
      }
      count = new MinuteCounts();
      minutes
          .computeIfAbsent(minute, m -> new HashMap<>())
          .computeIfAbsent(record.ubc(), u -> new HashMap<>())
          .put(key, count);
      keys++;
    }
    count.add(record);
    return Outcome.COUNTED;
  }

  /**
   * Moves the watermark forward to {@code newWatermark} (ignored when null or behind) and drops the
   * minutes no point needs any more at {@code now}: those of final five-minute windows and those
   * older than the lookback.
   *
   * @return the keys dropped
   */
  public int advance(Long newWatermark, long now) {
    lock.writeLock().lock();
    try {
      if (newWatermark != null && (watermark == null || newWatermark > watermark)) {
        watermark = newWatermark;
      }
      long oldest = floor(now - lookback, MINUTE);
      if (watermark != null) {
        oldest = Math.max(oldest, floor(watermark, FIVE_MINUTES));
      }
      if (oldest <= horizon) {
        return 0;
      }
      horizon = oldest;
      int dropped = 0;
      Map<Long, Map<String, Map<Key, MinuteCounts>>> old = minutes.headMap(horizon, false);
      for (Map<String, Map<Key, MinuteCounts>> ubcs : old.values()) {
        for (Map<Key, MinuteCounts> counts : ubcs.values()) {
          dropped += counts.size();
        }
      }
      old.clear();
      keys -= dropped;
      if (coveredFrom != Long.MAX_VALUE) {
        coveredFrom = Math.max(coveredFrom, horizon);
      }
      return dropped;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** The newest watermark given to {@link #advance}, or null. */
  public Long watermark() {
    lock.readLock().lock();
    try {
      return watermark;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The start of the first covered minute; {@link Long#MAX_VALUE} before {@link #start}. */
  public long coveredFrom() {
    lock.readLock().lock();
    try {
      return coveredFrom;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The keys held. */
  public int keys() {
    lock.readLock().lock();
    try {
      return keys;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The answer of a query.
   *
   * @param partials per covered point, one per group with counts in it
   * @param covers whether any of the query's points is covered (false: none could be answered)
   */
  public record Answer(List<LivePartial> partials, boolean covers) {
    public Answer {
      partials = List.copyOf(partials);
    }
  }

  /**
   * The partials of {@code query}: one per covered point with counts and per group (member) in it.
   * Points are the query's: every step from {@code query.from()}; a point not covered is left out
   * whole.
   */
  public Answer query(LiveQuery query) {
    lock.readLock().lock();
    try {
      Map<Long, Map<String, LivePartial>> points = new TreeMap<>();
      long firstPoint =
          coveredFrom <= query.from()
              ? query.from()
              : query.from() + ceil(coveredFrom - query.from(), query.step());
      boolean covers = coveredFrom != Long.MAX_VALUE && firstPoint < query.to();
      if (covers) {
        for (Map.Entry<Long, Map<String, Map<Key, MinuteCounts>>> minute :
            minutes.subMap(firstPoint, true, query.to(), false).entrySet()) {
          Map<Key, MinuteCounts> counts = minute.getValue().get(query.ubc());
          if (counts == null) {
            continue;
          }
          long bucket = query.from() + floor(minute.getKey() - query.from(), query.step());
          for (Map.Entry<Key, MinuteCounts> entry : counts.entrySet()) {
            Key key = entry.getKey();
            if (!query.matches(key.logType(), key.dimensions())) {
              continue;
            }
            String member = query.group() == null ? null : key.dimensions().get(query.group());
            points
                .computeIfAbsent(bucket, b -> new HashMap<>())
                .computeIfAbsent(member, m -> new LivePartial(bucket, m))
                .add(entry.getValue(), query.devices());
          }
        }
      }
      List<LivePartial> partials = new ArrayList<>();
      points.values().forEach(members -> partials.addAll(members.values()));
      return new Answer(partials, covers);
    } finally {
      lock.readLock().unlock();
    }
  }

  static long floor(long time, long unit) {
    return time - Math.floorMod(time, unit);
  }

  static long ceil(long time, long unit) {
    return time + Math.floorMod(-time, unit);
  }
}
