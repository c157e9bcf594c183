package io.watershed.collector;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Every problem found in a config file, each naming its key and value. */
public final class ConfigException extends RuntimeException {
  private final List<String> errors;

  ConfigException(String source, List<String> errors) {
    super(
        "Cannot load collector config %s: %d error(s)\n%s"
            .formatted(source, errors.size(), numbered(errors)));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }

  static String numbered(List<String> errors) {
    return IntStream.range(0, errors.size())
        .mapToObj(i -> "  %d. %s".formatted(i + 1, errors.get(i)))
        .collect(Collectors.joining("\n"));
  }
}
