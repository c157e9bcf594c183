package io.watershed.monitor.internal.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.contracts.Normalisation;
import io.watershed.monitor.internal.JsonInput;
import io.watershed.monitor.internal.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads UBC IDs, dimensions and mapping tables from request bodies. Every problem of a body is
 * collected as a violation; what can be checked without the stored rules is checked here, the rest
 * in {@link RuleValidator}.
 */
public final class RuleInput {
  public static final Pattern UBC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  static final Pattern PARAM = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final int MAX_TEXT = 256;

  /** Mapping groups (value -> group rows) of one dimension at most. */
  static final int MAX_GROUPS = 5000;

  private static final Set<String> UBC_ID_FIELDS =
      Set.of("id", "name", "description", "logType", "owner", "enabled", "params", "metrics");
  private static final Set<String> UBC_ID_READ_ONLY = Set.of("version", "dimensions");
  private static final Set<String> DIMENSION_FIELDS =
      Set.of("slot", "source", "mapping", "normalise", "label", "defaultGroup", "groups");
  private static final Set<String> DIMENSION_READ_ONLY = Set.of("column", "version");
  private static final Set<String> MAPPINGS_FIELDS = Set.of("defaultGroup", "groups");
  private static final Set<String> MAPPINGS_READ_ONLY =
      Set.of("ubcId", "slot", "column", "mapping", "normalise", "version");

  private RuleInput() {}

  /** A UBC ID from {@code body}; {@code pathId} is the ID of the URL, or null for a POST. */
  static UbcId ubcId(ObjectNode body, String pathId, List<Violation> violations) {
    JsonInput in = new JsonInput(body, "", violations);
    in.refuseUnknown(UBC_ID_FIELDS, UBC_ID_READ_ONLY);
    String id = in.name("id", pathId == null, UBC_ID, "1 to 64 letters, digits, '_', '.' or '-'");
    if (pathId != null) {
      if (id != null && !id.equals(pathId)) {
        in.violation("id", "matches-path", "must equal the ID in the path, " + pathId, id);
      }
      id = pathId;
    }
    String name = in.string("name", true, MAX_TEXT);
    String description = in.string("description", false, 4096);
    LogType logType = oneOf(in, "logType", true, LogType::parse, List.of("event", "flow"));
    String owner = in.string("owner", true, 128);
    boolean enabled = in.bool("enabled", true);
    List<String> params = params(in);
    List<Metric> metrics = metrics(in, logType);
    if (id == null || name == null || logType == null || owner == null) {
      return null;
    }
    return new UbcId(
        id, name, description == null ? "" : description, logType, owner, enabled, params, metrics);
  }

  /**
   * A dimension from {@code body}. {@code pathSlot} is the slot of the URL, or null for a POST,
   * where a missing slot is returned as 0 (the first free one is taken).
   */
  static Dimension dimension(ObjectNode body, Integer pathSlot, List<Violation> violations) {
    JsonInput in = new JsonInput(body, "", violations);
    in.refuseUnknown(DIMENSION_FIELDS, DIMENSION_READ_ONLY);
    Long slot = in.integer("slot", false);
    if (pathSlot != null) {
      if (slot != null && slot.longValue() != pathSlot) {
        in.violation("slot", "matches-path", "must equal the slot in the path, " + pathSlot, slot);
      }
      slot = (long) pathSlot;
    }
    if (slot != null && (slot < 1 || slot > Dimension.MAX_SLOTS)) {
      in.violation("slot", "max-dimensions", slotRule(), slot);
      slot = null;
    }
    String source = in.string("source", true, 80);
    MappingKind mapping = oneOf(in, "mapping", true, MappingKind::parse, MappingKind.wires());
    List<Normalisation> normalise = normalise(in);
    String label = in.string("label", false, 128);
    String defaultGroup =
        mapping == MappingKind.MANY_TO_ONE
            ? defaultGroup(in)
            : in.string("defaultGroup", false, MAX_TEXT);
    List<Dimension.GroupMapping> groups = groups(in, normalise);
    if (mapping == MappingKind.ONE_TO_ONE && (in.has("defaultGroup") || in.has("groups"))) {
      String field = in.has("groups") ? "groups" : "defaultGroup";
      in.violation(
          field,
          "one-to-one-has-no-groups",
          "is for many-to-one mappings only; a one-to-one mapping keeps the value",
          null);
    }
    if (source == null || mapping == null || (pathSlot != null && slot == null)) {
      return null;
    }
    return new Dimension(
        slot == null ? 0 : slot.intValue(),
        source,
        mapping,
        normalise,
        label,
        defaultGroup,
        groups == null ? List.of() : groups);
  }

  /** A new mapping table for {@code current} from {@code body}: defaultGroup and groups. */
  static Dimension mappings(ObjectNode body, Dimension current, List<Violation> violations) {
    JsonInput in = new JsonInput(body, "", violations);
    in.refuseUnknown(MAPPINGS_FIELDS, MAPPINGS_READ_ONLY);
    if (current.mapping() != MappingKind.MANY_TO_ONE) {
      in.violation(
          "mapping",
          "mapping-kind",
          "dimension %s is one-to-one and has no mapping table; PUT the dimension with mapping"
                  .formatted(current.column())
              + " many-to-one instead",
          current.mapping().wire());
      return null;
    }
    String defaultGroup = defaultGroup(in);
    List<Dimension.GroupMapping> groups = groups(in, current.normalise());
    if (defaultGroup == null) {
      return null;
    }
    return new Dimension(
        current.slot(),
        current.source(),
        current.mapping(),
        current.normalise(),
        current.label(),
        defaultGroup,
        groups == null ? List.of() : groups);
  }

  static String slotRule() {
    return "a UBC ID has at most six dimensions: slot must be 1 to %d (d1..d%d)"
        .formatted(Dimension.MAX_SLOTS, Dimension.MAX_SLOTS);
  }

  /** The default group of a many-to-one mapping: required, not blank. */
  private static String defaultGroup(JsonInput in) {
    String defaultGroup = in.string("defaultGroup", false, MAX_TEXT);
    if (!in.has("defaultGroup") || (defaultGroup != null && defaultGroup.isBlank())) {
      in.violation(
          "defaultGroup",
          "default-group-required",
          "is required (not blank) for a many-to-one mapping: values not in groups map to it",
          defaultGroup);
      return null;
    }
    return defaultGroup;
  }

  private static List<String> params(JsonInput in) {
    List<String> params = in.strings("params", 64);
    if (params == null) {
      return List.of();
    }
    Set<String> seen = new HashSet<>();
    List<String> result = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      String param = params.get(i);
      String field = "params[%d]".formatted(i);
      if (!PARAM.matcher(param).matches()) {
        in.violation(field, "pattern", "must be a lower-case name: [a-z][a-z0-9_]*", param);
      } else if (!seen.add(param)) {
        in.violation(field, "duplicate", "is declared twice", param);
      } else {
        result.add(param);
      }
    }
    return result;
  }

  private static List<Metric> metrics(JsonInput in, LogType logType) {
    List<String> names = in.strings("metrics", 32);
    if (names == null) {
      return logType == null ? List.of() : Metric.defaults(logType);
    }
    List<Metric> result = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String field = "metrics[%d]".formatted(i);
      Metric metric = Metric.parse(names.get(i));
      if (metric == null) {
        in.violation(field, "one-of", "must be one of " + Metric.wires(), names.get(i));
      } else if (result.contains(metric)) {
        in.violation(field, "duplicate", "is listed twice", names.get(i));
      } else if (metric.flowOnly() && logType == LogType.EVENT) {
        in.violation(
            field,
            "flow-only-metric",
            "is computed for flow logs only; this UBC ID has logType event",
            names.get(i));
      } else {
        result.add(metric);
      }
    }
    if (names.isEmpty()) {
      in.violation("metrics", "required", "must name at least one metric", List.of());
    }
    return result;
  }

  private static List<Normalisation> normalise(JsonInput in) {
    List<String> names = in.strings("normalise", 32);
    if (names == null) {
      return List.of();
    }
    List<Normalisation> result = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      Normalisation step = Normalisation.parse(names.get(i));
      String field = "normalise[%d]".formatted(i);
      if (step == null) {
        in.violation(field, "one-of", "must be one of " + Normalisation.wires(), names.get(i));
      } else if (result.contains(step)) {
        in.violation(field, "duplicate", "is listed twice", names.get(i));
      } else {
        result.add(step);
      }
    }
    return result;
  }

  /** The value -> group table, values normalised; a value mapped twice is a violation. */
  private static List<Dimension.GroupMapping> groups(JsonInput in, List<Normalisation> normalise) {
    List<JsonInput> entries = in.objects("groups");
    if (entries == null) {
      return null;
    }
    if (entries.size() > MAX_GROUPS) {
      in.violation(
          "groups",
          "max-groups",
          "must hold at most %d mapping groups, got %d".formatted(MAX_GROUPS, entries.size()),
          null);
      return null;
    }
    Map<String, Integer> firstIndex = new HashMap<>();
    List<Dimension.GroupMapping> result = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonInput entry = entries.get(i);
      entry.refuseUnknown(Set.of("value", "group"), Set.of());
      String value = entry.string("value", true, MAX_TEXT);
      String group = entry.string("group", true, MAX_TEXT);
      if (value == null) {
        continue;
      }
      String key = Normalisation.applyAll(normalise, value);
      if (key.isEmpty()) {
        entry.violation("value", "required", "is empty after normalisation " + normalise, value);
        continue;
      }
      Integer first = firstIndex.putIfAbsent(key, i);
      if (first != null) {
        entry.violation(
            "value",
            "value-mapped-twice",
            "maps '%s' again; groups[%d] maps it already (each value maps to one group)"
                .formatted(key, first),
            value);
        continue;
      }
      if (group != null) {
        result.add(new Dimension.GroupMapping(key, group));
      }
    }
    return result;
  }

  private static <T> T oneOf(
      JsonInput in,
      String name,
      boolean required,
      java.util.function.Function<String, T> parser,
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
