package io.watershed.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a YAML config file as the same flat keys a properties file holds: nesting joins names with
 * dots ({@code intake: {http-port: 8090}} is {@code intake.http-port}), a list of scalars is a
 * comma-separated value. A list of mappings each with a {@code name} is a list of named objects:
 * {@code agent: {sources: [{name: app, paths: [/a/*.log]}]}} is {@code agent.sources=app} and
 * {@code agent.sources.app.paths=/a/*.log}. An item without a {@code name} is named by its {@code
 * type}: {@code transforms: [{type: nginx}]} is {@code transforms=nginx} and {@code
 * transforms.nginx.type=nginx}.
 */
final class YamlConfig {
  private static final YAMLMapper MAPPER = new YAMLMapper();

  private YamlConfig() {}

  static Map<String, String> flatten(String yaml) throws IOException {
    JsonNode root = MAPPER.readTree(yaml);
    Map<String, String> values = new TreeMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new IOException("the document must be a mapping of keys to values");
    }
    flatten("", root, values);
    return values;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> values)
      throws IOException {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        flatten(
            prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
            field.getValue(),
            values);
      }
      return;
    }
    if (node.isArray() && node.size() > 0 && node.get(0).isObject()) {
      List<String> names = new ArrayList<>();
      int index = 0;
      for (JsonNode item : node) {
        index++;
        JsonNode name = item.get("name");
        if (name == null && item.isObject()) {
          name = item.get("type");
        }
        if (!item.isObject() || name == null || !name.isValueNode() || name.asText().isBlank()) {
          throw new IOException(
              "%s: item %d: a list of mappings needs a name (or a type) in each"
                  .formatted(prefix, index));
        }
        if (names.contains(name.asText())) {
          throw new IOException(
              "%s: item %d: the name '%s' is taken by an earlier item; give each a distinct name"
                  .formatted(prefix, index, name.asText()));
        }
        names.add(name.asText());
        for (Map.Entry<String, JsonNode> field : item.properties()) {
          if (!field.getKey().equals("name")) {
            flatten(prefix + "." + name.asText() + "." + field.getKey(), field.getValue(), values);
          }
        }
      }
      values.put(prefix, String.join(",", names));
      return;
    }
    if (node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (item.isContainerNode()) {
          throw new IOException("%s: only lists of plain values are supported".formatted(prefix));
        }
        items.add(item.asText());
      }
      values.put(prefix, String.join(",", items));
      return;
    }
    values.put(prefix, node.isNull() ? "" : node.asText());
  }
}
