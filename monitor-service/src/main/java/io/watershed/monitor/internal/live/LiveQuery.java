package io.watershed.monitor.internal.live;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a series asks of the live minutes: one UBC ID's points every {@code step} in [from, to),
 * filtered and optionally grouped by a dimension, as {@code SeriesSql} asks the window tables.
 *
 * @param from the first point's start, epoch milliseconds
 * @param to the end of the last point
 * @param step the length of a point: a whole number of minutes
 * @param filters per dimension slot (0 for d1 .. 5 for d6), the values it must equal (one of); a
 *     slot without a value matches no filter, as in SQL
 * @param group the slot to group by (0..5), or null for one total per point
 * @param flowOnly only flow logs take part
 * @param devices whether the partials unite the device sketches (only the devices metric needs it)
 */
public record LiveQuery(
    String ubc,
    long from,
    long to,
    long step,
    Map<Integer, Set<String>> filters,
    Integer group,
    boolean flowOnly,
    boolean devices) {
  public LiveQuery {
    requireNonNull(ubc, "ubc is null");
    if (step <= 0 || step % LiveMinutes.MINUTE != 0) {
      throw new IllegalArgumentException(
          "Cannot query live minutes at a step of %d ms: not whole minutes".formatted(step));
    }
    filters = Map.copyOf(new TreeMap<>(requireNonNull(filters, "filters is null")));
  }

  boolean matches(String logType, List<String> dimensions) {
    if (flowOnly && !"flow".equals(logType)) {
      return false;
    }
    for (Map.Entry<Integer, Set<String>> filter : filters.entrySet()) {
      String value = dimensions.get(filter.getKey());
      if (value == null || !filter.getValue().contains(value)) {
        return false;
      }
    }
    return true;
  }
}
