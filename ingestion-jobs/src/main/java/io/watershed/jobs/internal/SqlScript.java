package io.watershed.jobs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's SQL file: {@code ${name}} variables filled in, then split into statements at a semicolon
 * that ends a line. Full-line {@code --} comments are dropped; semicolons inside a line (in string
 * literals, say) are left alone.
 */
public final class SqlScript {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z0-9._-]+)}");

  private SqlScript() {}

  /**
   * @throws IllegalArgumentException naming every unknown variable
   */
  public static String substitute(String source, String sql, Map<String, String> variables) {
    Matcher matcher = VARIABLE.matcher(sql);
    StringBuilder result = new StringBuilder();
    TreeSet<String> unknown = new TreeSet<>();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        unknown.add(matcher.group(1));
        value = matcher.group();
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot fill in %s: unknown variables %s; known are %s"
              .formatted(source, unknown, new TreeSet<>(variables.keySet())));
    }
    return result.toString();
  }

  public static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(line.stripTrailing()).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }
}
