package io.watershed.kit.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One configuration key: name, type, default, validation and a one-line doc (STYLE.md 6). Each
 * service declares its keys once, in one {@code XxxKeys} class; {@link KeyReference} turns the
 * declarations into the reference docs and {@link ConfigValues} reads them.
 *
 * @param name the key, {@code area.kebab-name}
 * @param type the type name shown in the reference docs
 * @param defaultValue the default as it would be written in the config file
 * @param parser turns the stripped raw value into a typed value; throws {@link
 *     IllegalArgumentException} with the reason when the value is invalid
 * @param secret whether the value must never be printed
 * @param doc one line of documentation
 */
public record ConfigKey<T>(
    String name,
    String type,
    String defaultValue,
    Function<String, T> parser,
    boolean secret,
    String doc) {

  public ConfigKey {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(defaultValue, "defaultValue is null");
    requireNonNull(parser, "parser is null");
    requireNonNull(doc, "doc is null");
  }

  /** A key with a parser of the service's own (an enum, a URI, a pattern). */
  public static <T> ConfigKey<T> of(
      String name, String type, String defaultValue, Function<String, T> parser, String doc) {
    return new ConfigKey<>(name, type, defaultValue, parser, false, doc);
  }

  /** A string that must not be empty. */
  public static ConfigKey<String> string(String name, String defaultValue, String doc) {
    return of(name, "string", defaultValue, ConfigKey::nonBlank, doc);
  }

  /** A string, empty by default and allowed to stay so. */
  public static ConfigKey<String> optionalString(String name, String doc) {
    return of(name, "string", "", value -> value, doc);
  }

  /** A password: any value, empty by default, never printed. */
  public static ConfigKey<String> secret(String name, String doc) {
    return new ConfigKey<>(name, "password", "", value -> value, true, doc);
  }

  /** A bearer token: empty for none, else 16+ characters without whitespace; never printed. */
  public static ConfigKey<String> token(String name, String doc) {
    return new ConfigKey<>(name, "password", "", ConfigKey::parseToken, true, doc);
  }

  /** A comma-separated list of tokens as {@link #token}; empty means none; never printed. */
  public static ConfigKey<List<String>> secretList(String name, String doc) {
    return new ConfigKey<>(name, "list<password>", "", ConfigKey::parseSecretList, true, doc);
  }

  /** A comma-separated list: blanks around items are dropped, empty items skipped. */
  public static ConfigKey<List<String>> list(String name, String defaultValue, String doc) {
    return of(name, "list<string>", defaultValue, ConfigKey::items, doc);
  }

  /** An integer within [min, max]; {@code _} may group digits. */
  public static ConfigKey<Integer> integer(
      String name, int defaultValue, int min, int max, String doc) {
    return of(
        name,
        "int",
        String.valueOf(defaultValue),
        value -> Math.toIntExact(checkRange(parseLong(value), min, max)),
        doc);
  }

  /** A long integer within [min, max]; {@code _} may group digits. */
  public static ConfigKey<Long> longInteger(
      String name, long defaultValue, long min, long max, String doc) {
    return of(
        name,
        "long",
        String.valueOf(defaultValue),
        value -> checkRange(parseLong(value), min, max),
        doc);
  }

  /** A byte count in the one syntax of {@link Sizes}, within [min, max]. */
  public static ConfigKey<Long> size(
      String name, long defaultValue, long min, long max, String doc) {
    return size(name, Sizes.format(defaultValue), min, max, doc);
  }

  /** As {@link #size(String, long, long, long, String)}, the default written as in a file. */
  public static ConfigKey<Long> size(
      String name, String defaultValue, long min, long max, String doc) {
    return of(
        name,
        "size",
        defaultValue,
        value -> {
          long size = Sizes.parse(value);
          if (size < min || size > max) {
            throw new IllegalArgumentException(
                "must be between " + Sizes.format(min) + " and " + Sizes.format(max));
          }
          return size;
        },
        doc);
  }

  /** A duration in the one syntax of {@link Durations}, within [min, max]. */
  public static ConfigKey<Duration> duration(
      String name, Duration defaultValue, Duration min, Duration max, String doc) {
    return duration(name, Durations.format(defaultValue), min, max, doc);
  }

  /** As {@link #duration(String, Duration, Duration, Duration, String)}, default as in a file. */
  public static ConfigKey<Duration> duration(
      String name, String defaultValue, Duration min, Duration max, String doc) {
    return of(
        name,
        "duration",
        defaultValue,
        value -> {
          Duration duration = Durations.parse(value);
          if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                "must be between " + Durations.format(min) + " and " + Durations.format(max));
          }
          return duration;
        },
        doc);
  }

  /** {@code true} or {@code false}, in any case; nothing else. */
  public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
    return of(name, "boolean", String.valueOf(defaultValue), ConfigKey::parseBoolean, doc);
  }

  /**
   * This key for one member of a {@link KeyFamily}: every {@code placeholder} in the name and the
   * default replaced by {@code value}, e.g. {@code agent.sources.<name>.topic} with default {@code
   * ws.raw.<name>} bound to {@code web}.
   */
  public ConfigKey<T> bind(String placeholder, String value) {
    return new ConfigKey<>(
        name.replace(placeholder, value),
        type,
        defaultValue.replace(placeholder, value),
        parser,
        secret,
        doc);
  }

  /** Parses the raw value; throws IllegalArgumentException with the reason when it is invalid. */
  /** {@code first} followed by {@code rest}, as one list of keys in reference order. */
  public static List<ConfigKey<?>> concat(List<ConfigKey<?>> first, ConfigKey<?>... rest) {
    List<ConfigKey<?>> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return List.copyOf(all);
  }

  public T parse(String raw) {
    return parser.apply(raw);
  }

  /** The value as it may appear in an error message or a log. */
  public String printable(String raw) {
    return secret ? "****" : raw;
  }

  /** Comma-separated items, blanks around them dropped, empty items skipped. */
  public static List<String> items(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
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

  private static boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("must be true or false");
    };
  }

  private static String parseToken(String value) {
    if (value.isEmpty()) {
      return value;
    }
    if (value.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("must not contain whitespace");
    }
    if (value.length() < 16) {
      throw new IllegalArgumentException("must be empty or at least 16 characters long");
    }
    return value;
  }

  private static List<String> parseSecretList(String value) {
    List<String> items = items(value);
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
