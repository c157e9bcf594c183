package io.watershed.monitor.internal.rules;

import io.watershed.contracts.Normalisation;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON documents of the API, built explicitly so that their shape is stated in one place. */
public final class Views {
  private Views() {}

  public static Map<String, Object> ubcId(StoredUbcId stored) {
    UbcId ubcId = stored.ubcId();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", ubcId.id());
    view.put("name", ubcId.name());
    view.put("description", ubcId.description());
    view.put("logType", ubcId.logType().wire());
    view.put("owner", ubcId.owner());
    view.put("enabled", ubcId.enabled());
    view.put("params", ubcId.params());
    view.put("metrics", ubcId.metrics().stream().map(Metric::wire).toList());
    view.put("version", stored.version());
    view.put("dimensions", stored.dimensions().stream().map(Views::dimension).toList());
    return view;
  }

  public static Map<String, Object> dimension(StoredUbcId.StoredDimension stored) {
    Dimension dimension = stored.dimension();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("slot", dimension.slot());
    view.put("column", dimension.column());
    view.put("source", dimension.source());
    view.put("mapping", dimension.mapping().wire());
    view.put("normalise", dimension.normalise().stream().map(Normalisation::wire).toList());
    view.put("label", dimension.label());
    if (dimension.mapping() == MappingKind.MANY_TO_ONE) {
      view.put("defaultGroup", dimension.defaultGroup());
      view.put("groups", groups(dimension.groups()));
    }
    view.put("version", stored.version());
    return view;
  }

  public static Map<String, Object> mappings(String ubcId, StoredUbcId.StoredDimension stored) {
    Dimension dimension = stored.dimension();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("ubcId", ubcId);
    view.put("slot", dimension.slot());
    view.put("column", dimension.column());
    view.put("mapping", dimension.mapping().wire());
    view.put("normalise", dimension.normalise().stream().map(Normalisation::wire).toList());
    view.put("defaultGroup", dimension.defaultGroup());
    view.put("groups", groups(dimension.groups()));
    view.put("version", stored.version());
    return view;
  }

  public static Map<String, Object> ruleSet(long version, List<StoredUbcId> ubcIds) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("version", version);
    view.put("ubcIds", ubcIds.stream().map(Views::ubcId).toList());
    return view;
  }

  /** The envelope of a write: the rule version after it, whether it changed anything, the item. */
  public static Map<String, Object> written(
      long ruleVersion, boolean changed, String key, Object item) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("ruleVersion", ruleVersion);
    view.put("changed", changed);
    view.put(key, item);
    return view;
  }

  public static String time(OffsetDateTime time) {
    return time == null ? null : time.toInstant().toString();
  }

  private static List<Map<String, String>> groups(List<Dimension.GroupMapping> groups) {
    return groups.stream()
        .map(
            entry -> {
              Map<String, String> view = new LinkedHashMap<>();
              view.put("value", entry.value());
              view.put("group", entry.group());
              return view;
            })
        .toList();
  }
}
