package io.watershed.udfs.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rule sets in the JSON shape of {@code GET /v1/rules}, for tests: the demo rule set of
 * monitor-service's README ("Demo rule set") and variants of it.
 */
public final class RuleSets {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final Map<String, String> NET =
      Map.of(
          "wifi",
          "wifi",
          "2g",
          "cellular",
          "3g",
          "cellular",
          "4g",
          "cellular",
          "5g",
          "cellular",
          "ethernet",
          "wired");
  static final Map<String, String> CHANNEL =
      Map.ofEntries(
          Map.entry("push", "push"),
          Map.entry("notification", "push"),
          Map.entry("search", "search"),
          Map.entry("sem", "search"),
          Map.entry("seo", "search"),
          Map.entry("feed", "feed"),
          Map.entry("home", "feed"),
          Map.entry("recommend", "feed"),
          Map.entry("share", "social"),
          Map.entry("wechat", "social"));
  static final Map<String, String> CONTENT =
      Map.of(
          "short",
          "short-video",
          "clip",
          "short-video",
          "movie",
          "long-video",
          "episode",
          "long-video",
          "series",
          "long-video",
          "live",
          "live");

  private RuleSets() {}

  /** The demo rules of {@code ubc_0001}..{@code ubc_<count>}: every third a flow log. */
  public static String demo(long version, int count) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", version);
    ArrayNode ubcIds = root.putArray("ubcIds");
    for (int n = 1; n <= count; n++) {
      ubcIds.add(demoUbcId(n, true));
    }
    return root.toString();
  }

  /** A rule set of the given UBC IDs. */
  public static String of(long version, List<ObjectNode> ubcIds) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", version);
    root.putArray("ubcIds").addAll(ubcIds);
    return root.toString();
  }

  /** The demo UBC ID {@code ubc_<n>} (4 digits) with its five dimensions. */
  public static ObjectNode demoUbcId(int n, boolean enabled) {
    boolean flow = n % 3 == 0;
    ObjectNode ubcId = MAPPER.createObjectNode();
    ubcId.put("id", "ubc_%04d".formatted(n));
    ubcId.put("name", "demo " + n);
    ubcId.put("logType", flow ? "flow" : "event");
    ubcId.put("enabled", enabled);
    ubcId.putArray("params").add("page").add("channel").add(flow ? "content_type" : "result");
    ubcId.put("version", 1);
    ArrayNode dimensions = ubcId.putArray("dimensions");
    dimensions.add(oneToOne(1, "common.os", "trim", "lower-case"));
    dimensions.add(oneToOne(2, "common.app", "trim"));
    dimensions.add(manyToOne(3, "common.net", "other", NET));
    dimensions.add(manyToOne(4, "ext.channel", "other", CHANNEL));
    dimensions.add(
        flow
            ? manyToOne(5, "ext.content_type", "other", CONTENT)
            : oneToOne(5, "ext.result", "lower-case"));
    return ubcId;
  }

  public static ObjectNode oneToOne(int slot, String source, String... normalise) {
    ObjectNode dimension = dimension(slot, source, "one-to-one", normalise);
    dimension.put("version", 1);
    return dimension;
  }

  public static ObjectNode manyToOne(
      int slot, String source, String defaultGroup, Map<String, String> groups) {
    ObjectNode dimension = dimension(slot, source, "many-to-one", "trim", "lower-case");
    dimension.put("defaultGroup", defaultGroup);
    ArrayNode table = dimension.putArray("groups");
    new TreeMap<>(groups)
        .forEach((value, group) -> table.addObject().put("value", value).put("group", group));
    dimension.put("version", 1);
    return dimension;
  }

  private static ObjectNode dimension(
      int slot, String source, String mapping, String... normalise) {
    ObjectNode dimension = MAPPER.createObjectNode();
    dimension.put("slot", slot);
    dimension.put("column", "d" + slot);
    dimension.put("source", source);
    dimension.put("mapping", mapping);
    ArrayNode steps = dimension.putArray("normalise");
    for (String step : normalise) {
      steps.add(step);
    }
    dimension.put("label", "label " + slot);
    return dimension;
  }
}
