package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.SafeText;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.rules.RuleInput;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A validated request for a time series ({@code GET /v1/series}): every parameter checked, the
 * range aligned to the step ({@code from} down, {@code to} up), so the points are the windows
 * starting every step in [from, to).
 *
 * @param ubc the UBC ID
 * @param metric what the points count
 * @param step the spacing of the points, and the table they come from
 * @param from the first point's start, epoch milliseconds, a multiple of the step
 * @param to the end of the last point, epoch milliseconds, a multiple of the step
 * @param filters per dimension, the values it must equal (one of)
 * @param group the dimension to group by, or null for one total series
 * @param top the groups shown by name; the others add up to "other"
 * @param comparisons the ranges to compare with, in request order
 */
public record SeriesRequest(
    String ubc,
    SeriesMetric metric,
    Step step,
    long from,
    long to,
    Map<DimensionSlot, List<String>> filters,
    DimensionSlot group,
    int top,
    List<Comparison> comparisons) {
  /** Points a series holds at most. */
  public static final int MAX_POINTS = 2000;

  /** Groups shown by name at most. */
  public static final int MAX_TOP = 20;

  static final int DEFAULT_TOP = 5;

  /** Values one dimension filter may list at most. */
  static final int MAX_FILTER_VALUES = 100;

  static final int MAX_VALUE_LENGTH = 256;

  /** The range when the request gives no {@code from}: the hour before {@code to}. */
  static final Duration DEFAULT_RANGE = Duration.ofHours(1);

  /** 9999-12-31T23:59:59.999Z: times beyond would not print as ISO-8601 years of four digits. */
  private static final long MAX_TIME = 253_402_300_799_999L;

  private static final Pattern EPOCH_MILLIS = Pattern.compile("[0-9]{1,15}");

  private static final List<String> SINGLE =
      List.of("ubc", "metric", "step", "from", "to", "group", "top");

  public SeriesRequest {
    requireNonNull(ubc, "ubc is null");
    requireNonNull(metric, "metric is null");
    requireNonNull(step, "step is null");
    Map<DimensionSlot, List<String>> copy = new EnumMap<>(DimensionSlot.class);
    requireNonNull(filters, "filters is null")
        .forEach((slot, values) -> copy.put(slot, List.copyOf(values)));
    filters = Collections.unmodifiableMap(copy);
    comparisons = List.copyOf(requireNonNull(comparisons, "comparisons is null"));
  }

  /**
   * One total series of every window in [from, to) (both multiples of the step), filtered, without
   * grouping or comparisons: what the alert rules read.
   */
  public static SeriesRequest totals(
      String ubc,
      SeriesMetric metric,
      Step step,
      long from,
      long to,
      Map<DimensionSlot, List<String>> filters) {
    return new SeriesRequest(ubc, metric, step, from, to, filters, null, DEFAULT_TOP, List.of());
  }

  /** The number of points, (to - from) / step. */
  public int points() {
    return Math.toIntExact((to - from) / step.millis());
  }

  /**
   * Reads the query parameters of a request; 400 naming the first parameter that is wrong.
   *
   * @param parameters every query parameter with all its values, in order
   * @param now the time {@code to} defaults to
   */
  public static SeriesRequest parse(Map<String, List<String>> parameters, Instant now) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (!known().contains(name)) {
        throw ApiException.badRequest(
            "Cannot read the series: unknown query parameter %s (known: %s)",
            SafeText.clip(name), String.join(", ", known()));
      }
      if (SINGLE.contains(name) && parameter.getValue().size() > 1) {
        throw ApiException.badRequest(
            "Cannot read query parameter %s: given %d times, once at most",
            name, parameter.getValue().size());
      }
    }
    String ubc = single(parameters, "ubc");
    if (ubc == null) {
      throw ApiException.badRequest(
          "Cannot read the series: query parameter ubc (the UBC ID) is required");
    }
    if (!RuleInput.UBC_ID.matcher(ubc).matches()) {
      throw invalid("ubc", ubc, "UBC IDs are 1 to 64 letters, digits, '_', '.' or '-'");
    }
    SeriesMetric metric = SeriesMetric.PV;
    String metricText = single(parameters, "metric");
    if (metricText != null) {
      metric = SeriesMetric.parse(metricText);
      if (metric == null) {
        throw invalid("metric", metricText, "must be one of " + SeriesMetric.wires());
      }
    }
    Step step = Step.ONE_MINUTE;
    String stepText = single(parameters, "step");
    if (stepText != null) {
      step = Step.parse(stepText);
      if (step == null) {
        throw invalid("step", stepText, "must be one of " + Step.wires());
      }
    }
    String toText = single(parameters, "to");
    long to = toText == null ? now.toEpochMilli() : time("to", toText);
    String fromText = single(parameters, "from");
    long from = fromText == null ? to - DEFAULT_RANGE.toMillis() : time("from", fromText);
    if (to <= from) {
      throw ApiException.badRequest(
          "Cannot read query parameters from and to: to (%s) must be after from (%s)",
          Instant.ofEpochMilli(to), Instant.ofEpochMilli(from));
    }
    long alignedFrom = from - Math.floorMod(from, step.millis());
    long alignedTo = to + Math.floorMod(-to, step.millis());
    long points = (alignedTo - alignedFrom) / step.millis();
    if (points > MAX_POINTS) {
      throw ApiException.badRequest(
          "Cannot read query parameters from and to: %s to %s at step %s is %d points, more than"
              + " the limit of %d (max-points); choose a larger step or a shorter range",
          Instant.ofEpochMilli(alignedFrom),
          Instant.ofEpochMilli(alignedTo),
          step.wire(),
          points,
          MAX_POINTS);
    }
    return new SeriesRequest(
        ubc,
        metric,
        step,
        alignedFrom,
        alignedTo,
        filters(parameters),
        group(parameters),
        top(parameters),
        comparisons(parameters));
  }

  private static Map<DimensionSlot, List<String>> filters(Map<String, List<String>> parameters) {
    Map<DimensionSlot, List<String>> filters = new EnumMap<>(DimensionSlot.class);
    for (DimensionSlot slot : DimensionSlot.values()) {
      List<String> values = parameters.get(slot.column());
      if (values == null) {
        continue;
      }
      List<String> distinct = List.copyOf(new LinkedHashSet<>(values));
      if (distinct.size() > MAX_FILTER_VALUES) {
        throw ApiException.badRequest(
            "Cannot read query parameter %s: %d values, more than the limit of %d",
            slot.column(), distinct.size(), MAX_FILTER_VALUES);
      }
      for (String value : distinct) {
        if (value.length() > MAX_VALUE_LENGTH) {
          throw invalid(
              slot.column(),
              value,
              "a value is longer than %d characters".formatted(MAX_VALUE_LENGTH));
        }
      }
      filters.put(slot, distinct);
    }
    return filters;
  }

  private static DimensionSlot group(Map<String, List<String>> parameters) {
    String text = single(parameters, "group");
    if (text == null) {
      return null;
    }
    DimensionSlot group = DimensionSlot.parse(text);
    if (group == null) {
      throw invalid("group", text, "must be one of " + DimensionSlot.columns());
    }
    return group;
  }

  private static int top(Map<String, List<String>> parameters) {
    String text = single(parameters, "top");
    if (text == null) {
      return DEFAULT_TOP;
    }
    if (single(parameters, "group") == null) {
      throw invalid("top", text, "it needs group=d1..d6");
    }
    int top;
    try {
      top = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw invalid("top", text, "must be a whole number");
    }
    if (top < 1 || top > MAX_TOP) {
      throw invalid("top", text, "must be between 1 and " + MAX_TOP);
    }
    return top;
  }

  private static List<Comparison> comparisons(Map<String, List<String>> parameters) {
    Set<Comparison> comparisons = new LinkedHashSet<>();
    for (String text : parameters.getOrDefault("compare", List.of())) {
      for (String item : text.split(",", -1)) {
        Comparison comparison = Comparison.parse(item.strip());
        if (comparison == null) {
          throw invalid("compare", text, "must be one or more of " + Comparison.wires());
        }
        comparisons.add(comparison);
      }
    }
    return new ArrayList<>(comparisons);
  }

  /** Epoch milliseconds, or an ISO-8601 instant ({@code Z} or an offset). */
  private static long time(String name, String text) {
    String value = text.strip();
    long millis;
    if (EPOCH_MILLIS.matcher(value).matches()) {
      millis = Long.parseLong(value);
    } else {
      try {
        millis = OffsetDateTime.parse(value).toInstant().toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        throw invalid(
            name, text, "must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds");
      }
    }
    if (millis < 0 || millis > MAX_TIME) {
      throw invalid(name, text, "must be between 1970 and 9999");
    }
    return millis;
  }

  private static String single(Map<String, List<String>> parameters, String name) {
    List<String> values = parameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private static ApiException invalid(String name, String value, String reason) {
    return ApiException.badRequest(
        "Cannot read query parameter %s=%s: %s", name, SafeText.clip(value), reason);
  }

  private static List<String> known() {
    return Stream.concat(
            Stream.of("ubc", "metric", "step", "from", "to"),
            Stream.concat(DimensionSlot.columns().stream(), Stream.of("group", "top", "compare")))
        .collect(Collectors.toList());
  }
}
