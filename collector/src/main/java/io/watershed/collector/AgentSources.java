package io.watershed.collector;

import io.watershed.collector.agent.Processing;
import io.watershed.collector.agent.SourceConfig;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.ConfigValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the agent's file sources: the names in {@code agent.sources}, and for each the keys of the
 * {@link CollectorKeys#SOURCES} family, {@code agent.sources.<name>.*}, transforms included.
 * Problems are recorded in the {@link ConfigValues}; a key under {@code agent.sources.} that no
 * source reads is reported by {@link ConfigValues#finish}.
 */
final class AgentSources {
  private static final String NAME = "<name>";
  private static final String TRANSFORM = "<transform>";

  private AgentSources() {}

  /** The sources, joined records capped at {@code maxLineBytes}. */
  static List<SourceConfig> read(ConfigValues values, long maxLineBytes) {
    List<SourceConfig> sources = new ArrayList<>();
    for (String name : values.get(CollectorKeys.AGENT_SOURCES, List.of())) {
      sources.add(
          new SourceConfig(
              name,
              get(values, CollectorKeys.SOURCE_PATHS, name, List.of()),
              get(values, CollectorKeys.SOURCE_TOPIC, name, "invalid"),
              processing(values, name, maxLineBytes)));
    }
    return sources;
  }

  private static <T> T get(ConfigValues values, ConfigKey<T> key, String source, T fallback) {
    return values.get(key.bind(NAME, source), fallback);
  }

  private static Processing processing(ConfigValues values, String source, long maxLineBytes) {
    String multilineStart = get(values, CollectorKeys.SOURCE_MULTILINE_START, source, "");
    int maxLines = get(values, CollectorKeys.SOURCE_MULTILINE_MAX_LINES, source, 2);
    long maxBytes = get(values, CollectorKeys.SOURCE_MULTILINE_MAX_BYTES, source, 64L);
    Duration flushTimeout =
        get(values, CollectorKeys.SOURCE_MULTILINE_FLUSH_TIMEOUT, source, Duration.ofSeconds(1));
    Optional<Processing.Multiline> multiline =
        multilineStart.isEmpty()
            ? Optional.empty()
            : Optional.of(
                new Processing.Multiline(
                    multilineStart, maxLines, Math.min(maxBytes, maxLineBytes), flushTimeout));
    List<Processing.Transform> transforms = new ArrayList<>();
    for (String transform : get(values, CollectorKeys.SOURCE_TRANSFORMS, source, List.of())) {
      transforms.add(transform(values, source, transform));
    }
    return new Processing(
        multiline,
        get(values, CollectorKeys.SOURCE_FILTER_INCLUDE, source, ""),
        get(values, CollectorKeys.SOURCE_FILTER_EXCLUDE, source, ""),
        get(values, CollectorKeys.SOURCE_SAMPLE_RATE, source, 1.0),
        get(values, CollectorKeys.SOURCE_SAMPLE_SEED, source, OptionalLong.empty()),
        transforms,
        get(values, CollectorKeys.SOURCE_RATE_LIMIT, source, 0));
  }

  private static Processing.Transform transform(
      ConfigValues values, String source, String transform) {
    ConfigKey<Processing.TransformType> typeKey =
        CollectorKeys.TRANSFORM_TYPE.bind(NAME, source).bind(TRANSFORM, transform);
    ConfigKey<List<String>> fieldsKey =
        CollectorKeys.TRANSFORM_FIELDS.bind(NAME, source).bind(TRANSFORM, transform);
    Processing.TransformType type = values.get(typeKey, null);
    List<String> fields = values.get(fieldsKey, List.of());
    String shown = String.join(",", fields);
    String key = fieldsKey.name();
    Map<String, String> renames = new LinkedHashMap<>();
    List<String> dropped = List.of();
    if (type == Processing.TransformType.NGINX && !fields.isEmpty()) {
      values.error("Cannot use %s=%s: nginx takes no fields".formatted(key, shown));
    } else if (type == Processing.TransformType.DROP_FIELDS) {
      if (fields.isEmpty()) {
        values.error(
            "Cannot use %s=%s: drop_fields needs at least one field".formatted(key, shown));
      }
      dropped = fields;
    } else if (type == Processing.TransformType.RENAME_FIELDS) {
      if (fields.isEmpty()) {
        values.error(
            "Cannot use %s=%s: rename_fields needs at least one old:new pair"
                .formatted(key, shown));
      }
      for (String field : fields) {
        String[] pair = field.split(":", -1);
        if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
          values.error("Cannot use %s=%s: '%s' is not old:new".formatted(key, shown, field));
        } else if (renames.putIfAbsent(pair[0].strip(), pair[1].strip()) != null) {
          values.error("Cannot use %s=%s: renames '%s' twice".formatted(key, shown, pair[0]));
        }
      }
    }
    return new Processing.Transform(
        transform, type == null ? Processing.TransformType.NGINX : type, dropped, renames);
  }
}
