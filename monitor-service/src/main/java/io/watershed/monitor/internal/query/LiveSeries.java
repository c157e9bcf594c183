package io.watershed.monitor.internal.query;

import io.watershed.monitor.internal.live.LiveMinutes;
import io.watershed.monitor.internal.live.LivePartial;
import io.watershed.monitor.internal.live.LiveQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The provisional points of a series from the live minutes, with the semantics of {@link
 * SeriesSql}: the same filters, the metric computed the same way from the same partials (page views
 * and durations add up, device sketches unite, averages divide the sums), and the same groups.
 *
 * <p>Groups: the lake ranks them over the whole range, on its final points. When it names fewer
 * than N (a range mostly or wholly after the watermark, or no lake), the live points' own top
 * groups fill the places left, ranked the same way (by the metric, or by page views for an average;
 * ties by name; the group without a value last). Those groups have no final point in the range (the
 * lake would have named them), so no final point changes series. Every other group adds up to
 * {@code other}.
 *
 * <p>Only points after the last final one are read, and a point the lake holds rows for keeps the
 * lake's value: a final window comes only from the lake. Hours are not answered live (an hour's
 * final five-minute windows are in the lake, its running minutes here: the sum would need the
 * lake's sketches), so the running hour shows the lake's final windows only.
 */
final class LiveSeries {
  private LiveSeries() {}

  /** Whether the live minutes answer points of this step. */
  static boolean answers(Step step) {
    return step != Step.ONE_HOUR;
  }

  /** The live partials of the request's points from {@code provisionalFrom} on. */
  static LiveMinutes.Answer read(SeriesRequest request, LiveMinutes minutes, long provisionalFrom) {
    Map<Integer, Set<String>> filters = new HashMap<>();
    request.filters().forEach((slot, values) -> filters.put(slot.ordinal(), new HashSet<>(values)));
    return minutes.query(
        new LiveQuery(
            request.ubc(),
            provisionalFrom,
            request.to(),
            request.step().millis(),
            filters,
            request.group() == null ? null : request.group().ordinal(),
            request.metric().flowOnly(),
            request.metric() == SeriesMetric.DEVICES));
  }

  /**
   * The groups shown by name: the lake's, then, while fewer than the request's N, the live points'
   * best groups the lake did not name.
   */
  static List<String> names(
      SeriesRequest request, List<String> lakeNames, List<LivePartial> partials) {
    List<String> names = new ArrayList<>(lakeNames);
    if (names.size() >= request.top()) {
      return names;
    }
    Map<String, LivePartial> totals = new LinkedHashMap<>();
    for (LivePartial partial : partials) {
      if (!names.contains(partial.member())) {
        totals
            .computeIfAbsent(partial.member(), member -> LivePartial.empty(0, member))
            .merge(partial);
      }
    }
    List<LivePartial> ranked = new ArrayList<>(totals.values());
    ranked.sort(rankOrder(request.metric()));
    for (LivePartial partial : ranked) {
      if (names.size() >= request.top()) {
        break;
      }
      names.add(partial.member());
    }
    return names;
  }

  /**
   * The rows of the live points: per point, one per named group and one of the others (or one total
   * without grouping); points in {@code lakeBuckets} are left to the lake.
   *
   * @param names the groups shown by name, or null for one total series
   */
  static List<SeriesRow> rows(
      SeriesRequest request,
      List<String> names,
      List<LivePartial> partials,
      Set<Long> lakeBuckets) {
    List<SeriesRow> rows = new ArrayList<>();
    Map<Long, LivePartial> others = new TreeMap<>();
    for (LivePartial partial : partials) {
      if (lakeBuckets.contains(partial.bucket())) {
        continue;
      }
      if (names == null) {
        rows.add(new SeriesRow(partial.bucket(), false, null, null, value(request, partial)));
      } else if (names.contains(partial.member())) {
        rows.add(
            new SeriesRow(partial.bucket(), true, partial.member(), null, value(request, partial)));
      } else {
        others
            .computeIfAbsent(partial.bucket(), bucket -> LivePartial.empty(bucket, null))
            .merge(partial);
      }
    }
    others
        .values()
        .forEach(o -> rows.add(new SeriesRow(o.bucket(), false, null, null, value(request, o))));
    return rows;
  }

  /** The metric's value of a partial, typed as Trino answers it (bigint or double). */
  static Number value(SeriesRequest request, LivePartial partial) {
    return switch (request.metric()) {
      case PV -> partial.pv();
      case DURATION -> partial.duration();
      case AVG_DURATION ->
          partial.duration() == null || partial.pv() == 0
              ? null
              : (double) partial.duration() / partial.pv();
      case DEVICES -> partial.devices();
    };
  }

  /** Best first: the rank value descending (nulls last), then the name (null last). */
  private static Comparator<LivePartial> rankOrder(SeriesMetric metric) {
    Comparator<LivePartial> byValue =
        Comparator.comparing(
            (LivePartial partial) -> rankValue(metric, partial),
            Comparator.nullsLast(Comparator.<Double>reverseOrder()));
    return byValue.thenComparing(
        LivePartial::member, Comparator.nullsLast(Comparator.<String>naturalOrder()));
  }

  private static Double rankValue(SeriesMetric metric, LivePartial partial) {
    return switch (metric) {
      case PV, AVG_DURATION -> (double) partial.pv();
      case DURATION -> partial.duration() == null ? null : (double) partial.duration();
      case DEVICES -> partial.devices();
    };
  }
}
