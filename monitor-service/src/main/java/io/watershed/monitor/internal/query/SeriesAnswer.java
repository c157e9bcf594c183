package io.watershed.monitor.internal.query;

import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the rows of a series' statements into the answer of {@code GET /v1/series}: the points'
 * starts, one array of values per series aligned to them (null where nothing was counted), the
 * watermark, the end of the last final point, where the provisional points start and where the
 * points came from.
 */
final class SeriesAnswer {
  static final String TOTAL = "total";
  static final String OTHER = "other";

  private SeriesAnswer() {}

  /**
   * The groups shown by name, best first, from the rows of a ranked statement.
   *
   * @return the names (null for the group of rows without a value)
   */
  static List<String> names(List<SeriesRow> rows) {
    Map<String, Long> places = new LinkedHashMap<>();
    for (SeriesRow row : rows) {
      if (row.named()) {
        places.merge(
            row.member(),
            row.place() == null ? Long.MAX_VALUE : row.place(),
            (a, b) -> Math.min(a, b));
      }
    }
    List<Map.Entry<String, Long>> ranked = new ArrayList<>(places.entrySet());
    ranked.sort(Map.Entry.comparingByValue());
    List<String> names = new ArrayList<>();
    ranked.forEach(entry -> names.add(entry.getKey()));
    return names;
  }

  /**
   * The series of one range.
   *
   * @param names the groups shown by name in order, or null for one total series
   * @param shift how far back the rows' range lies: their points are moved onto the request's
   */
  static List<Map<String, Object>> series(
      SeriesRequest request, List<SeriesRow> rows, List<String> names, long shift) {
    int points = request.points();
    long step = request.step().millis();
    Map<String, Object[]> byName = new LinkedHashMap<>();
    Object[] other = null;
    if (names == null) {
      byName.put(TOTAL, new Object[points]);
    } else {
      names.forEach(name -> byName.put(name, new Object[points]));
      other = new Object[points];
    }
    for (SeriesRow row : rows) {
      long offset = row.bucket() + shift - request.from();
      if (offset < 0 || offset % step != 0 || offset / step >= points) {
        continue;
      }
      Object[] values;
      if (names == null) {
        values = byName.get(TOTAL);
      } else if (row.named() && byName.containsKey(row.member())) {
        values = byName.get(row.member());
      } else {
        values = other;
      }
      values[(int) (offset / step)] = row.value();
    }
    List<Map<String, Object>> series = new ArrayList<>();
    byName.forEach((name, values) -> series.add(series(name, values)));
    if (other != null) {
      series.add(series(OTHER, other));
    }
    return series;
  }

  /** The starts of the points: every step in [from, to). */
  static List<Long> timestamps(SeriesRequest request) {
    List<Long> timestamps = new ArrayList<>(request.points());
    for (long start = request.from(); start < request.to(); start += request.step().millis()) {
      timestamps.add(start);
    }
    return timestamps;
  }

  /**
   * The end of the last final point: the latest point end at or before the watermark, within the
   * range; null when no point is final.
   */
  static Long finalUntil(SeriesRequest request, Long watermark) {
    if (watermark == null) {
      return null;
    }
    long step = request.step().millis();
    long complete = Math.floorDiv(watermark - request.from(), step);
    if (complete < 1) {
      return null;
    }
    return Math.min(request.to(), request.from() + complete * step);
  }

  /**
   * The start of the first point that is not final: {@link #finalUntil}, or {@code from} when no
   * point is final; null when every point is.
   */
  static Long provisionalFrom(SeriesRequest request, Long watermark) {
    Long finalUntil = finalUntil(request, watermark);
    if (finalUntil == null) {
      return request.from();
    }
    return finalUntil < request.to() ? finalUntil : null;
  }

  /**
   * Where an answer's points come from.
   *
   * @param lake the final points are the lake's windows (false: Trino is off or did not answer, and
   *     they are null)
   * @param live the provisional points hold the live minutes read from the monitoring queue
   */
  record Sources(boolean lake, boolean live) {}

  /** The whole answer. */
  static Map<String, Object> answer(
      SeriesRequest request,
      Long watermark,
      Sources sources,
      List<Map<String, Object>> series,
      Map<Comparison, List<Map<String, Object>>> compared) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ubc", request.ubc());
    answer.put("metric", request.metric().wire());
    answer.put("step", request.step().wire());
    answer.put("from", request.from());
    answer.put("to", request.to());
    answer.put("watermark", orNull(watermark));
    answer.put("final_until", orNull(finalUntil(request, watermark)));
    // left out when every point is final (the service's JSON leaves null fields out)
    answer.put("provisional_from", provisionalFrom(request, watermark));
    answer.put("live", sources.live());
    answer.put("lake", sources.lake());
    answer.put("timestamps", timestamps(request));
    answer.put("series", series);
    if (!compared.isEmpty()) {
      Map<String, Object> compare = new LinkedHashMap<>();
      compared.forEach((comparison, values) -> compare.put(comparison.wire(), values));
      answer.put("compare", compare);
    }
    return answer;
  }

  private static Map<String, Object> series(String name, Object[] values) {
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("name", name);
    series.put("values", Arrays.asList(values));
    return series;
  }

  /**
   * An explicit JSON null where there is no value: the service's JSON leaves null fields out, but
   * every series answer carries its watermark, known or not.
   */
  static Object orNull(Long value) {
    return value == null ? NullNode.getInstance() : value;
  }
}
