package io.watershed.kit.config;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Every problem found in a config file, each naming its key and value; the message lists them
 * numbered, all at once.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> errors;

  /**
   * @param component what the config is of, e.g. {@code catalog}
   * @param source where the values came from, e.g. the file
   * @param errors one sentence per problem, in the order found
   */
  public ConfigException(String component, String source, List<String> errors) {
    super(
        "Cannot load %s config %s: %d error(s)\n%s"
            .formatted(component, source, errors.size(), numbered(errors)));
    this.errors = List.copyOf(errors);
  }

  /** The problems, unnumbered. */
  public List<String> errors() {
    return errors;
  }

  /** The errors one a line, numbered from 1 and indented. */
  public static String numbered(List<String> errors) {
    return IntStream.range(0, errors.size())
        .mapToObj(i -> "  %d. %s".formatted(i + 1, errors.get(i)))
        .collect(Collectors.joining("\n"));
  }
}
