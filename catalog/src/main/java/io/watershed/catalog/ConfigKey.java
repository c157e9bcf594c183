package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.Durations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: name, type, default, validation and a one-line doc. Keys are declared
 * once, in {@link CatalogKeys}.
 *
 * @param name the key, {@code area.kebab-name}
 * @param type the type name shown in the reference docs
 * @param defaultValue the default as it would be written in the config file
 * @param parser turns the raw value into a typed value; throws {@link IllegalArgumentException}
 *     with the reason when the value is invalid
 * @param secret whether the value must never be printed
 * @param doc one line of documentation
 */
record ConfigKey<T>(
    String name,
    String type,
    String defaultValue,
    Function<String, T> parser,
    boolean secret,
    String doc) {

  ConfigKey {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(defaultValue, "defaultValue is null");
    requireNonNull(parser, "parser is null");
    requireNonNull(doc, "doc is null");
  }

  static ConfigKey<String> string(String name, String defaultValue, String doc) {
    return new ConfigKey<>(name, "string", defaultValue, ConfigKey::nonBlank, false, doc);
  }

  static ConfigKey<String> secret(String name, String doc) {
    return new ConfigKey<>(name, "password", "", value -> value, true, doc);
  }

  static ConfigKey<String> optionalString(String name, String doc) {
    return new ConfigKey<>(name, "string", "", value -> value, false, doc);
  }

  static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
    return new ConfigKey<>(
        name,
        "int",
        String.valueOf(defaultValue),
        value -> Math.toIntExact(checkRange(parseLong(value), min, max)),
        false,
        doc);
  }

  static ConfigKey<Long> longInteger(
      String name, long defaultValue, long min, long max, String doc) {
    return new ConfigKey<>(
        name,
        "long",
        String.valueOf(defaultValue),
        value -> checkRange(parseLong(value), min, max),
        false,
        doc);
  }

  /** A duration in the one syntax of {@link Durations}, within [min, max]. */
  static ConfigKey<Duration> duration(
      String name, Duration defaultValue, Duration min, Duration max, String doc) {
    return new ConfigKey<>(
        name,
        "duration",
        Durations.format(defaultValue),
        value -> checkRange(Durations.parse(value), min, max),
        false,
        doc);
  }

  static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
    return new ConfigKey<>(
        name, "boolean", String.valueOf(defaultValue), ConfigKey::parseBoolean, false, doc);
  }

  /** A comma-separated list of secrets: blanks around items are dropped, empty means none. */
  static ConfigKey<List<String>> secretList(String name, String doc) {
    return new ConfigKey<>(name, "list<password>", "", ConfigKey::parseSecretList, true, doc);
  }

  /** Parses the raw value; throws IllegalArgumentException with the reason when it is invalid. */
  T parse(String raw) {
    return parser.apply(raw);
  }

  /** The value as it may appear in an error message or a log. */
  String printable(String raw) {
    return secret ? "****" : raw;
  }

  private static String nonBlank(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return value;
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer", e);
    }
  }

  private static long checkRange(long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be between " + min + " and " + max);
    }
    return value;
  }

  private static Duration checkRange(Duration value, Duration min, Duration max) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "must be between " + Durations.format(min) + " and " + Durations.format(max));
    }
    return value;
  }

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static List<String> parseSecretList(String value) {
    List<String> items =
        Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    for (String item : items) {
      if (item.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("items must not contain whitespace");
      }
      if (item.length() < 16) {
        throw new IllegalArgumentException("items must be at least 16 characters long");
      }
    }
    return items;
  }
}
