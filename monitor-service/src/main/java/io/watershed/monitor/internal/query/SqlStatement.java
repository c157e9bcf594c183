package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A statement and the values of its {@code ?} parameters, in order: strings and longs. Values from
 * a request are only ever parameters, never part of the text.
 */
public record SqlStatement(String sql, List<Object> parameters) {
  public SqlStatement {
    requireNonNull(sql, "sql is null");
    // a copy that keeps nulls: a group named null is a parameter too
    parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    for (Object parameter : parameters) {
      if (parameter != null && !(parameter instanceof String) && !(parameter instanceof Long)) {
        throw new IllegalArgumentException(
            "Cannot bind parameter %s: only strings and longs are bound".formatted(parameter));
      }
    }
  }
}
