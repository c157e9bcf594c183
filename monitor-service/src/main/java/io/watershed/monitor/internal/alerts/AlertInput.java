package io.watershed.monitor.internal.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.monitor.internal.JsonInput;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.query.Comparison;
import io.watershed.monitor.internal.query.DimensionSlot;
import io.watershed.monitor.internal.query.Step;
import io.watershed.monitor.internal.rules.RuleInput;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads an alert rule from a request body, collecting every problem as a violation naming its field
 * and rule. What needs the stored UBC rules (does the UBC ID exist, has it the dimension) is
 * checked by {@link AlertService}.
 */
public final class AlertInput {
  static final int MAX_NAME = 128;
  static final int MAX_WEBHOOK = 2048;
  static final int MAX_VALUE_LENGTH = 256;
  static final int MAX_MINUTES = 1440;
  static final double MAX_SPIKE_PERCENT = 1_000_000;

  /** How far back a rule may start: its first windows are evaluated as they come. */
  static final Duration MAX_BACKFILL = Duration.ofDays(31);

  static final Duration MAX_AHEAD = Duration.ofDays(366);

  static final List<Step> STEPS = List.of(Step.ONE_MINUTE, Step.FIVE_MINUTES);

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "ubc",
          "filter",
          "kind",
          "metric",
          "step",
          "compareTo",
          "percent",
          "minBaseline",
          "min",
          "max",
          "minutes",
          "webhook",
          "enabled",
          "startAt");
  private static final Set<String> READ_ONLY =
      Set.of(
          "id",
          "revision",
          "createdAt",
          "createdBy",
          "updatedAt",
          "updatedBy",
          "evaluatedUntil",
          "evaluatedAt");

  /** The fields of each kind; those of the other kinds are refused. */
  private static final Map<String, Set<AlertKind>> KIND_FIELDS =
      Map.of(
          "compareTo", Set.of(AlertKind.DROP, AlertKind.SPIKE),
          "percent", Set.of(AlertKind.DROP, AlertKind.SPIKE),
          "minBaseline", Set.of(AlertKind.DROP, AlertKind.SPIKE),
          "min", Set.of(AlertKind.THRESHOLD),
          "max", Set.of(AlertKind.THRESHOLD),
          "minutes", Set.of(AlertKind.NO_DATA));

  private AlertInput() {}

  /**
   * The rule of {@code body}, or null when it has violations (added to {@code violations}).
   *
   * @param now the time {@code startAt} is checked against
   */
  public static AlertRule rule(ObjectNode body, Instant now, List<Violation> violations) {
    int before = violations.size();
    JsonInput in = new JsonInput(body, "", violations);
    in.refuseUnknown(FIELDS, READ_ONLY);
    String name = in.string("name", true, MAX_NAME);
    String ubc = in.name("ubc", true, RuleInput.UBC_ID, "1 to 64 letters, digits, '_', '.' or '-'");
    DimensionSlot[] filterSlot = new DimensionSlot[1];
    String filterValue = filter(in, violations, filterSlot);
    AlertKind kind = oneOf(in, "kind", true, AlertKind::parse, AlertKind.wires());
    AlertMetric metric = oneOf(in, "metric", false, AlertMetric::parse, AlertMetric.wires());
    Step step = oneOf(in, "step", false, AlertInput::step, STEPS.stream().map(Step::wire).toList());
    if (!in.has("step")) {
      step = Step.ONE_MINUTE;
    }
    if (!in.has("metric")) {
      metric = AlertMetric.PV;
    }
    Comparison compareTo = null;
    Double percent = null;
    Long minBaseline = null;
    Long min = null;
    Long max = null;
    Integer minutes = null;
    if (kind != null) {
      refuseOtherKinds(in, kind);
      switch (kind) {
        case DROP, SPIKE -> {
          compareTo =
              oneOf(
                  in,
                  "compareTo",
                  false,
                  AlertInput::comparison,
                  Arrays.stream(Comparison.values()).map(Comparison::wire).toList());
          if (!in.has("compareTo")) {
            compareTo = Comparison.DAY;
          }
          percent = percent(in, kind);
          minBaseline = in.integer("minBaseline", true);
          if (minBaseline != null && minBaseline < 1) {
            in.violation(
                "minBaseline",
                "min",
                "must be at least 1: a baseline below it never fires (no change from zero)",
                minBaseline);
          }
        }
        case THRESHOLD -> {
          min = atLeastZero(in, "min");
          max = atLeastZero(in, "max");
          if (!in.has("min") && !in.has("max")) {
            in.violation(
                "min", "required", "min or max (or both) is required for kind threshold", null);
          }
          if (min != null && max != null && min > max) {
            in.violation("max", "min-max", "must be at least min (%d)".formatted(min), max);
          }
        }
        case NO_DATA -> {
          if (in.has("metric") && metric != null && metric != AlertMetric.PV) {
            in.violation(
                "metric",
                "no-data-counts-pv",
                "must be pv (or absent) for kind no_data: it watches for minutes without page"
                    + " views",
                metric.wire());
          }
          metric = AlertMetric.PV;
          minutes = minutes(in, step);
        }
      }
    }
    String webhook = in.string("webhook", true, MAX_WEBHOOK);
    if (webhook != null) {
      String problem = webhookProblem(webhook);
      if (problem != null) {
        in.violation("webhook", "webhook-url", problem, webhook);
      }
    }
    boolean enabled = in.bool("enabled", true);
    Long startAt = startAt(body, in, now, step);
    if (violations.size() > before) {
      return null;
    }
    return new AlertRule(
        name,
        ubc,
        filterSlot[0],
        filterValue,
        kind,
        metric,
        step,
        compareTo,
        percent,
        minBaseline,
        min,
        max,
        minutes,
        webhook,
        enabled,
        startAt);
  }

  /**
   * Why {@code url} cannot be a webhook, or null when it can: an absolute http or https URL with a
   * host, without credentials or a fragment.
   */
  static String webhookProblem(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "must be a URL: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "must be an http or https URL";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "must name a host: http(s)://host[:port]/path";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry a user name or password (readers of the rule would see it)";
    }
    if (uri.getRawFragment() != null) {
      return "must not have a fragment (#...)";
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "must have a port between 1 and 65535";
    }
    return null;
  }

  /** The one dimension value of {@code filter}; its slot in {@code slot[0]}; null when absent. */
  private static String filter(JsonInput in, List<Violation> violations, DimensionSlot[] slot) {
    ObjectNode filter = in.object("filter");
    if (filter == null || filter.isEmpty()) {
      // absent, or {}: the whole UBC ID
      return null;
    }
    if (filter.size() != 1) {
      in.violation(
          "filter",
          "one-dimension",
          "must hold exactly one dimension and its value, e.g. {\"d1\": \"android\"}",
          filter.toString());
      return null;
    }
    Iterator<String> names = filter.fieldNames();
    String column = names.next();
    DimensionSlot dimension =
        Arrays.stream(DimensionSlot.values())
            .filter(d -> d.column().equals(column))
            .findFirst()
            .orElse(null);
    if (dimension == null) {
      in.violation(
          "filter",
          "one-of",
          "must name a dimension "
              + Arrays.stream(DimensionSlot.values()).map(d -> d.column()).toList(),
          column);
      return null;
    }
    String value =
        new JsonInput(filter, in.field("filter") + ".", violations)
            .string(column, true, MAX_VALUE_LENGTH);
    if (value == null) {
      return null;
    }
    slot[0] = dimension;
    return value;
  }

  private static void refuseOtherKinds(JsonInput in, AlertKind kind) {
    KIND_FIELDS.forEach(
        (field, kinds) -> {
          if (in.has(field) && !kinds.contains(kind)) {
            in.violation(
                field,
                "not-for-kind",
                "is for kind %s only; this rule is %s"
                    .formatted(
                        String.join(" or ", kinds.stream().map(AlertKind::wire).sorted().toList()),
                        kind.wire()),
                null);
          }
        });
  }

  private static Double percent(JsonInput in, AlertKind kind) {
    Double percent = in.number("percent", true);
    if (percent == null) {
      return null;
    }
    double max = kind == AlertKind.DROP ? 100 : MAX_SPIKE_PERCENT;
    if (percent <= 0 || percent > max) {
      in.violation(
          "percent",
          "range",
          "must be more than 0 and at most %s for kind %s"
              .formatted(kind == AlertKind.DROP ? "100" : "1000000", kind.wire()),
          percent);
      return null;
    }
    return percent;
  }

  private static Long atLeastZero(JsonInput in, String name) {
    Long value = in.integer(name, false);
    if (value != null && value < 0) {
      in.violation(name, "min", "must be at least 0", value);
      return null;
    }
    return value;
  }

  private static Integer minutes(JsonInput in, Step step) {
    Long minutes = in.integer("minutes", true);
    if (minutes == null) {
      return null;
    }
    if (minutes < 1 || minutes > MAX_MINUTES) {
      in.violation("minutes", "range", "must be between 1 and %d".formatted(MAX_MINUTES), minutes);
      return null;
    }
    long stepMinutes = step == null ? 1 : step.millis() / 60_000;
    if (minutes % stepMinutes != 0) {
      in.violation(
          "minutes",
          "step-multiple",
          "must be a multiple of the step (%d minutes)".formatted(stepMinutes),
          minutes);
      return null;
    }
    return minutes.intValue();
  }

  /**
   * The start: an ISO-8601 instant or epoch ms, from 31 days back to a year ahead; aligned down to
   * the step. Null when absent.
   */
  private static Long startAt(ObjectNode body, JsonInput in, Instant now, Step step) {
    JsonNode value = body.get("startAt");
    if (value == null || value.isNull()) {
      return null;
    }
    long millis;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      millis = value.longValue();
    } else if (value.isTextual()) {
      try {
        millis = OffsetDateTime.parse(value.textValue().strip()).toInstant().toEpochMilli();
      } catch (DateTimeParseException | ArithmeticException e) {
        in.violation(
            "startAt",
            "type",
            "must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds",
            value.textValue());
        return null;
      }
    } else {
      in.violation(
          "startAt",
          "type",
          "must be an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds",
          value);
      return null;
    }
    long earliest = now.minus(MAX_BACKFILL).toEpochMilli();
    long latest = now.plus(MAX_AHEAD).toEpochMilli();
    if (millis < earliest || millis > latest) {
      in.violation(
          "startAt",
          "range",
          "must be between %s (%d days back) and %s"
              .formatted(
                  Instant.ofEpochMilli(earliest),
                  MAX_BACKFILL.toDays(),
                  Instant.ofEpochMilli(latest)),
          value.asText());
      return null;
    }
    long length = (step == null ? Step.ONE_MINUTE : step).millis();
    return millis - Math.floorMod(millis, length);
  }

  private static Step step(String wire) {
    return STEPS.stream().filter(s -> s.wire().equals(wire)).findFirst().orElse(null);
  }

  private static Comparison comparison(String wire) {
    return Arrays.stream(Comparison.values())
        .filter(c -> c.wire().equals(wire))
        .findFirst()
        .orElse(null);
  }

  private static <T> T oneOf(
      JsonInput in,
      String name,
      boolean required,
      Function<String, T> parser,
      List<String> allowed) {
    String text = in.string(name, required, 64);
    if (text == null) {
      return null;
    }
    T value = parser.apply(text);
    if (value == null) {
      in.violation(name, "one-of", "must be one of " + allowed, text);
    }
    return value;
  }
}
