package io.watershed.collector.agent.internal.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.collector.agent.Processing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source's transforms, applied in order to one record. A record a transform cannot read (not an
 * nginx combined line, not a JSON object) passes that transform unchanged; the names of those
 * transforms are reported with the result.
 */
final class RecordTransforms {
  /** Exact numbers (1.10 stays 1.10), one JSON value per record. */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * nginx's {@code combined} format: {@code $remote_addr - $remote_user [$time_local] "$request"
   * $status $body_bytes_sent "$http_referer" "$http_user_agent"} (nginx escapes {@code "} in values
   * as {@code \x22}).
   */
  private static final Pattern COMBINED =
      Pattern.compile(
          "(\\S+) \\S+ (\\S+) \\[([^\\]]*)\\] \"([^\"]*)\" (\\d{3}) (\\d+|-) \"([^\"]*)\""
              + " \"([^\"]*)\"");

  /** The record after the transforms, and the transforms that did not apply (or null). */
  record Result(byte[] value, String skipped) {}

  private final List<Processing.Transform> transforms;

  RecordTransforms(List<Processing.Transform> transforms) {
    this.transforms = List.copyOf(transforms);
  }

  Result apply(byte[] record) {
    byte[] bytes = record;
    ObjectNode object = null;
    StringBuilder skipped = null;
    for (Processing.Transform transform : transforms) {
      ObjectNode result;
      if (transform.type() == Processing.TransformType.NGINX) {
        result = object == null ? nginx(bytes) : null;
      } else {
        ObjectNode input = object != null ? object : parseObject(bytes);
        result = input == null ? null : fields(transform, input);
      }
      if (result == null) {
        skipped = skipped == null ? new StringBuilder() : skipped.append(',');
        skipped.append(transform.name());
      } else {
        object = result;
      }
    }
    if (object != null) {
      try {
        bytes = MAPPER.writeValueAsBytes(object);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot write a transformed record: " + e, e);
      }
    }
    return new Result(bytes, skipped == null ? null : skipped.toString());
  }

  /** The nginx combined line as a JSON object; null when the line is not one. */
  static ObjectNode nginx(byte[] line) {
    Matcher matcher = COMBINED.matcher(new String(line, StandardCharsets.UTF_8));
    if (!matcher.matches()) {
      return null;
    }
    ObjectNode object = MAPPER.createObjectNode();
    object.put("remote_addr", matcher.group(1));
    object.put("remote_user", matcher.group(2));
    object.put("time_local", matcher.group(3));
    String request = matcher.group(4);
    object.put("request", request);
    String[] parts = request.split(" ");
    if (parts.length == 3) {
      object.put("method", parts[0]);
      object.put("path", parts[1]);
      object.put("protocol", parts[2]);
    }
    object.put("status", Integer.parseInt(matcher.group(5)));
    String sent = matcher.group(6);
    object.put("body_bytes_sent", sent.equals("-") ? 0 : Long.parseLong(sent));
    object.put("http_referer", matcher.group(7));
    object.put("http_user_agent", matcher.group(8));
    return object;
  }

  private static ObjectNode parseObject(byte[] bytes) {
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node instanceof ObjectNode object ? object : null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  private static ObjectNode fields(Processing.Transform transform, ObjectNode input) {
    if (transform.type() == Processing.TransformType.DROP_FIELDS) {
      input.remove(transform.fields());
      return input;
    }
    // a renamed field replaces a field that already has the new name
    java.util.Set<String> replaced = new java.util.HashSet<>();
    transform
        .renames()
        .forEach(
            (from, to) -> {
              if (input.has(from)) {
                replaced.add(to);
              }
            });
    ObjectNode renamed = MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> field : input.properties()) {
      String name = transform.renames().get(field.getKey());
      if (name == null) {
        if (replaced.contains(field.getKey())) {
          continue;
        }
        name = field.getKey();
      }
      renamed.set(name, field.getValue());
    }
    return renamed;
  }
}
