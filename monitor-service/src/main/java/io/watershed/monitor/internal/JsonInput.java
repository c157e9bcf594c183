package io.watershed.monitor.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.kit.http.SafeText;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the fields of a JSON object from a request, collecting every problem as a {@link Violation}
 * (field, rule, message, value) instead of stopping at the first.
 */
public final class JsonInput {
  private final ObjectNode node;
  private final String prefix;
  private final List<Violation> violations;

  public JsonInput(ObjectNode node, String prefix, List<Violation> violations) {
    this.node = requireNonNull(node, "node is null");
    this.prefix = requireNonNull(prefix, "prefix is null");
    this.violations = requireNonNull(violations, "violations is null");
  }

  public String field(String name) {
    return prefix + name;
  }

  public boolean has(String name) {
    JsonNode value = node.get(name);
    return value != null && !value.isNull();
  }

  public void violation(String name, String rule, String message, Object value) {
    violations.add(new Violation(field(name), rule, message, value));
  }

  /** A string field; null when absent (a violation if required) or invalid. */
  public String string(String name, boolean required, int maxLength) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        violation(name, "required", "is required", null);
      }
      return null;
    }
    if (!value.isTextual()) {
      violation(name, "type", "must be a string", value);
      return null;
    }
    String text = value.textValue();
    if (required && text.isBlank()) {
      violation(name, "required", "must not be blank", text);
      return null;
    }
    if (text.length() > maxLength) {
      violation(name, "max-length", "must be at most %d characters".formatted(maxLength), text);
      return null;
    }
    String checked = name.equals("description") ? text.replaceAll("[\\t\\r\\n]", " ") : text;
    if (SafeText.hasUnsafeCharacters(checked)) {
      violation(
          name,
          "no-control-characters",
          "must not contain control characters or direction marks",
          text);
      return null;
    }
    return text;
  }

  /** A string field that must match {@code pattern}, described by {@code shape}. */
  public String name(String name, boolean required, Pattern pattern, String shape) {
    String text = string(name, required, 256);
    if (text != null && !pattern.matcher(text).matches()) {
      violation(name, "pattern", "must be " + shape, text);
      return null;
    }
    return text;
  }

  public Boolean bool(String name, boolean fallback) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      violation(name, "type", "must be true or false", value);
      return fallback;
    }
    return value.booleanValue();
  }

  /** A whole-number field; null when absent (a violation if required) or invalid. */
  public Long integer(String name, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        violation(name, "required", "is required", null);
      }
      return null;
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      violation(name, "type", "must be a whole number", value);
      return null;
    }
    return value.longValue();
  }

  /**
   * A number field, whole or decimal and finite; null when absent (a violation if required) or
   * invalid.
   */
  public Double number(String name, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        violation(name, "required", "is required", null);
      }
      return null;
    }
    if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
      violation(name, "type", "must be a number", value);
      return null;
    }
    return value.doubleValue();
  }

  /** An array of strings; null when absent, invalid items are left out after a violation. */
  public List<String> strings(String name, int maxLength) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      violation(name, "type", "must be an array of strings", value);
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemField = "%s[%d]".formatted(name, i);
      if (!item.isTextual()) {
        violation(itemField, "type", "must be a string", item);
      } else if (item.textValue().length() > maxLength) {
        violation(
            itemField, "max-length", "must be at most %d characters".formatted(maxLength), item);
      } else {
        result.add(item.textValue());
      }
    }
    return result;
  }

  /** An array of objects, each as an input of its own; null when absent. */
  public List<JsonInput> objects(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      violation(name, "type", "must be an array of objects", value);
      return List.of();
    }
    List<JsonInput> result = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemField = "%s[%d]".formatted(name, i);
      if (item instanceof ObjectNode object) {
        result.add(new JsonInput(object, field(itemField) + ".", violations));
      } else {
        violation(itemField, "type", "must be an object", item);
      }
    }
    return result;
  }

  /** A nested JSON object; null when absent. */
  public ObjectNode object(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value instanceof ObjectNode object) {
      return object;
    }
    violation(name, "type", "must be an object", value);
    return null;
  }

  /**
   * Refuses fields that are neither {@code known} nor {@code readOnly} (what GET returns, so a read
   * document can be sent back): a misspelt field is an error, not silently dropped.
   */
  public void refuseUnknown(Set<String> known, Set<String> readOnly) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name) && !readOnly.contains(name)) {
        violation(name, "unknown-field", "is not a field; known fields: " + known, null);
      }
    }
  }
}
