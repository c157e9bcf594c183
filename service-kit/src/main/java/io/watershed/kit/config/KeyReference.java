package io.watershed.kit.config;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The Markdown key reference of a service, generated from its declarations. */
public final class KeyReference {
  private KeyReference() {}

  /** One table row per key, then one per pass-through prefix; ends with a newline. */
  public static String markdown(List<ConfigKey<?>> keys, List<PassThrough> passThroughs) {
    return Stream.of(
            Stream.of("| key | type | default | doc |", "|---|---|---|---|"),
            keys.stream()
                .map(
                    key ->
                        "| `%s` | %s | `%s` | %s |"
                            .formatted(key.name(), key.type(), key.defaultValue(), key.doc())),
            passThroughs.stream()
                .map(
                    prefix -> "| `%s*` | string | | %s |".formatted(prefix.prefix(), prefix.doc())))
        .flatMap(rows -> rows)
        .collect(Collectors.joining("\n", "", "\n"));
  }
}
