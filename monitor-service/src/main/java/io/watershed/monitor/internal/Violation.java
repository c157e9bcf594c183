package io.watershed.monitor.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.watershed.kit.http.SafeText;

/**
 * One broken validation rule in a request.
 *
 * @param field the offending field as a path into the request body, e.g. {@code groups[2].value}
 * @param rule the rule's name, e.g. {@code max-dimensions}
 * @param message what is wrong, with the limit or the allowed values
 * @param value the offending value, or null when the field is missing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String field, String rule, String message, Object value) {
  public Violation {
    requireNonNull(field, "field is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(message, "message is null");
  }

  /**
   * This violation as it may be answered: message and value clipped, control characters escaped.
   */
  public Violation safe() {
    Object shown =
        value == null || value instanceof Number || value instanceof Boolean
            ? value
            : SafeText.clip(value);
    return new Violation(field, rule, SafeText.message(message), shown);
  }

  @Override
  public String toString() {
    return value == null
        ? "%s: %s (%s)".formatted(field, message, rule)
        : "%s=%s: %s (%s)".formatted(field, value, message, rule);
  }
}
