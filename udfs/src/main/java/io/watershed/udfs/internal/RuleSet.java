package io.watershed.udfs.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.contracts.Normalisation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the dimension rules, compiled for the hot path: UBC ID -> its six slot rules.
 * Immutable, so a new version is swapped in with one reference write.
 */
public final class RuleSet {
  public static final int SLOTS = 6;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final long version;
  private final Map<String, UbcRules> byUbc;

  RuleSet(long version, Map<String, UbcRules> byUbc) {
    this.version = version;
    this.byUbc = Map.copyOf(requireNonNull(byUbc, "byUbc is null"));
  }

  public long version() {
    return version;
  }

  /** The rules of {@code ubc}, or null when the rule set has no such UBC ID. */
  public UbcRules rules(String ubc) {
    return ubc == null ? null : byUbc.get(ubc);
  }

  public int size() {
    return byUbc.size();
  }

  /**
   * Compiles the body of {@code GET /v1/rules} (monitor-service README, "Rules for the UDFs").
   * Unknown fields are ignored; anything this code cannot apply exactly as the service means it (an
   * unknown normalise step or mapping kind, a slot outside 1..6, a source other than {@code
   * common.<x>} or {@code ext.<y>}, a many-to-one slot without default group) rejects the whole
   * rule set, so that a half-understood version is never applied.
   */
  public static RuleSet parse(byte[] body) throws IOException {
    JsonNode root = MAPPER.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("Cannot read rules: the body is not a JSON object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.canConvertToLong()) {
      throw new IOException("Cannot read rules: 'version' is missing or not a number: " + version);
    }
    JsonNode ubcIds = root.get("ubcIds");
    if (ubcIds == null || !ubcIds.isArray()) {
      throw new IOException("Cannot read rules: 'ubcIds' is missing or not an array");
    }
    Map<String, UbcRules> byUbc = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (JsonNode ubcId : ubcIds) {
      String id = ubcId.path("id").asText("");
      if (id.isEmpty()) {
        problems.add("a UBC ID without 'id'");
        continue;
      }
      SlotRule[] slots = new SlotRule[SLOTS];
      java.util.Arrays.fill(slots, SlotRule.NONE);
      for (JsonNode dimension : ubcId.path("dimensions")) {
        compile(id, dimension, slots, problems);
      }
      boolean enabled = !ubcId.has("enabled") || ubcId.get("enabled").asBoolean(false);
      if (byUbc.put(id, new UbcRules(enabled, slots)) != null) {
        problems.add(id + ": listed twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException(
          "Cannot apply rules version " + version.asLong() + ": " + String.join("; ", problems));
    }
    return new RuleSet(version.asLong(), byUbc);
  }

  private static void compile(
      String ubc, JsonNode dimension, SlotRule[] slots, List<String> problems) {
    int slot = dimension.path("slot").asInt(0);
    String where = ubc + " slot " + dimension.path("slot");
    if (slot < 1 || slot > SLOTS) {
      problems.add(where + ": slot must be 1.." + SLOTS);
      return;
    }
    if (slots[slot - 1] != SlotRule.NONE) {
      problems.add(where + ": slot given twice");
      return;
    }
    String source = dimension.path("source").asText("");
    boolean fromExt;
    String field;
    if (source.startsWith("common.") && source.length() > "common.".length()) {
      fromExt = false;
      field = source.substring("common.".length());
    } else if (source.startsWith("ext.") && source.length() > "ext.".length()) {
      fromExt = true;
      field = source.substring("ext.".length());
    } else {
      problems.add(where + ": source must be common.<name> or ext.<param>, got '" + source + "'");
      return;
    }
    List<Normalisation> steps = new ArrayList<>();
    for (JsonNode step : dimension.path("normalise")) {
      Normalisation parsed = Normalisation.parse(step.asText());
      if (parsed == null) {
        problems.add(where + ": unknown normalise step '" + step.asText() + "'");
        return;
      }
      steps.add(parsed);
    }
    Normalisation[] stepArray = steps.toArray(new Normalisation[0]);
    String mapping = dimension.path("mapping").asText("");
    switch (mapping) {
      case "one-to-one" -> slots[slot - 1] = new SlotRule(fromExt, field, stepArray, null, null);
      case "many-to-one" -> {
        String defaultGroup = dimension.path("defaultGroup").asText("");
        if (defaultGroup.isBlank()) {
          problems.add(where + ": many-to-one without defaultGroup");
          return;
        }
        Map<String, String> groups = new HashMap<>();
        for (JsonNode entry : dimension.path("groups")) {
          String value = entry.path("value").asText("");
          for (Normalisation step : stepArray) {
            value = step.apply(value);
          }
          groups.putIfAbsent(value, entry.path("group").asText(defaultGroup));
        }
        slots[slot - 1] = new SlotRule(fromExt, field, stepArray, Map.copyOf(groups), defaultGroup);
      }
      default -> problems.add(where + ": unknown mapping kind '" + mapping + "'");
    }
  }
}
