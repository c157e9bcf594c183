package io.watershed.monitor.internal.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Trino SQL of a series over one range. The table, the bucket, the group column and the
 * aggregates come from enums; every value of the request (UBC ID, times, filter values, group
 * names, N) is a {@code ?} parameter. Each statement answers rows of {@code bucket} (the point's
 * start, epoch ms), {@code named} (a group shown by name), {@code member} (its name), {@code place}
 * (its rank, 1 the largest) and {@code value}.
 *
 * <p>The text is built here rather than read from a resource file: its parts vary with the metric,
 * the step and the grouping, and a template with six holes would read worse than this.
 */
final class SeriesSql {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

  private SeriesSql() {}

  /** One series of the whole UBC ID (after the filters): rows with {@code named} false. */
  static SqlStatement total(SeriesRequest request, long from, long to) {
    List<Object> parameters = new ArrayList<>();
    String sql =
        "SELECT %s AS bucket, false AS named, CAST(NULL AS varchar) AS member,"
                .formatted(request.step().bucket())
            + " CAST(NULL AS bigint) AS place, %s AS value\n".formatted(request.metric().value())
            + "FROM %s\n".formatted(request.step().table().qualifiedName())
            + where(request, from, to, parameters)
            + "GROUP BY 1";
    return new SqlStatement(sql, parameters);
  }

  /**
   * Grouped by {@code request.group()}: the {@code request.top()} groups that rank highest over
   * [from, to) by name, with their place; the rest as one row per bucket with {@code named} false.
   */
  static SqlStatement ranked(SeriesRequest request, long from, long to) {
    Objects.requireNonNull(request.group(), "request.group() is null");
    List<Object> parameters = new ArrayList<>();
    String perMember = perMember(request, from, to, parameters);
    parameters.add((long) request.top());
    String sql =
        perMember
            + "ranked AS (\n"
            + "  SELECT *, dense_rank() OVER (ORDER BY total DESC NULLS LAST, member ASC NULLS LAST)"
            + " AS place\n"
            + "  FROM (SELECT *, %s AS total FROM per_member)),\n"
                .formatted(request.metric().rankBy("PARTITION BY member"))
            + "labelled AS (\n"
            + "  SELECT *, place <= ? AS named FROM ranked)\n"
            + select(request);
    return new SqlStatement(sql, parameters);
  }

  /**
   * Grouped by {@code request.group()} with the groups to show by name given (those of the range
   * compared with; a null name is the group of rows without a value); the rest as one row per
   * bucket with {@code named} false.
   */
  static SqlStatement named(SeriesRequest request, long from, long to, List<String> names) {
    Objects.requireNonNull(request.group(), "request.group() is null");
    List<Object> parameters = new ArrayList<>();
    String perMember = perMember(request, from, to, parameters);
    List<String> conditions = new ArrayList<>();
    List<String> present = names.stream().filter(Objects::nonNull).distinct().toList();
    if (!present.isEmpty()) {
      conditions.add("member IN (%s)".formatted(placeholders(present.size())));
      parameters.addAll(present);
    }
    if (names.stream().anyMatch(Objects::isNull)) {
      conditions.add("member IS NULL");
    }
    String named =
        conditions.isEmpty()
            ? "false"
            : "coalesce(%s, false)".formatted(String.join(" OR ", conditions));
    String sql =
        perMember
            + "labelled AS (\n"
            + "  SELECT *, CAST(NULL AS bigint) AS place, %s AS named FROM per_member)\n"
                .formatted(named)
            + select(request);
    return new SqlStatement(sql, parameters);
  }

  /** The partials per bucket and group: the first common table expression, open for more. */
  private static String perMember(
      SeriesRequest request, long from, long to, List<Object> parameters) {
    return "WITH per_member AS (\n"
        + "  SELECT %s AS bucket, %s AS member, %s\n"
            .formatted(
                request.step().bucket(), request.group().column(), request.metric().partials())
        + "  FROM %s\n".formatted(request.step().table().qualifiedName())
        + "  "
        + where(request, from, to, parameters).replace("\n  AND", "\n    AND")
        + "  GROUP BY 1, 2),\n";
  }

  /** The points of the named groups and of the others, from {@code labelled}. */
  private static String select(SeriesRequest request) {
    return "SELECT bucket, named, CASE WHEN named THEN member END AS member, min(place) AS place,"
        + " %s AS value\n".formatted(request.metric().value())
        + "FROM labelled\n"
        + "GROUP BY 1, 2, 3";
  }

  private static String where(SeriesRequest request, long from, long to, List<Object> parameters) {
    StringBuilder where =
        new StringBuilder(
            "WHERE ubc = ?\n"
                + "  AND window_start >= CAST(? AS timestamp(3) with time zone)\n"
                + "  AND window_start < CAST(? AS timestamp(3) with time zone)\n");
    parameters.add(request.ubc());
    parameters.add(timestamp(from));
    parameters.add(timestamp(to));
    if (request.metric().flowOnly()) {
      where.append("  AND log_type = 'flow'\n");
    }
    for (Map.Entry<DimensionSlot, List<String>> filter : request.filters().entrySet()) {
      List<String> values = filter.getValue();
      where.append("  AND %s ".formatted(filter.getKey().column()));
      where.append(
          values.size() == 1 ? "= ?\n" : "IN (%s)\n".formatted(placeholders(values.size())));
      parameters.addAll(values);
    }
    return where.toString();
  }

  /** A time as the text Trino casts to {@code timestamp(3) with time zone}. */
  static String timestamp(long epochMillis) {
    return TIMESTAMP.format(Instant.ofEpochMilli(epochMillis));
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}
