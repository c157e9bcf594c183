package io.watershed.collector;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One configuration key: name, type, default, validation and a one-line doc. Keys are declared
 * once, in {@link CollectorKeys}.
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
  private static final Pattern SIZE = Pattern.compile("(\\d[\\d_]*)\\s*(b|kib|mib|gib)?");
  private static final Pattern DURATION = Pattern.compile("(\\d[\\d_]*)\\s*(ms|s|m|h)");

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

  static ConfigKey<Boolean> bool(String name, boolean defaultValue, String doc) {
    return new ConfigKey<>(
        name,
        "boolean",
        String.valueOf(defaultValue),
        value -> {
          if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("must be true or false");
          }
          return Boolean.parseBoolean(value);
        },
        false,
        doc);
  }

  static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String doc) {
    return new ConfigKey<>(
        name,
        "int",
        String.valueOf(defaultValue),
        value ->
            Math.toIntExact(checkRange(parseLong(value), (long) min, (long) max, String::valueOf)),
        false,
        doc);
  }

  /** A byte count, written as a number of bytes or with a binary unit: {@code 8MiB}. */
  static ConfigKey<Long> size(String name, String defaultValue, long min, long max, String doc) {
    return new ConfigKey<>(
        name,
        "size",
        defaultValue,
        value -> checkRange(parseSize(value), min, max, ConfigKey::formatSize),
        false,
        doc);
  }

  /** A duration with a unit: {@code 500ms}, {@code 5s}, {@code 1m}, {@code 1h}. */
  static ConfigKey<Duration> duration(
      String name, String defaultValue, Duration min, Duration max, String doc) {
    return new ConfigKey<>(
        name,
        "duration",
        defaultValue,
        value -> {
          Duration duration = parseDuration(value);
          if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                "must be between " + formatDuration(min) + " and " + formatDuration(max));
          }
          return duration;
        },
        false,
        doc);
  }

  /** Parses the raw value; throws IllegalArgumentException with the reason when it is invalid. */
  T parse(String raw) {
    return parser.apply(raw);
  }

  /** The value as it may appear in an error message or a log. */
  String printable(String raw) {
    return secret ? "****" : raw;
  }

  /** Comma-separated items, blanks around them dropped, empty items skipped. */
  static List<String> items(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  static String formatSize(long bytes) {
    for (String unit : List.of("GiB", "MiB", "KiB")) {
      long factor = unitFactor(unit.toLowerCase(Locale.ROOT));
      if (bytes >= factor && bytes % factor == 0) {
        return (bytes / factor) + unit;
      }
    }
    return String.valueOf(bytes);
  }

  static String formatDuration(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return (millis / 3_600_000) + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return (millis / 60_000) + "m";
    }
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return millis + "ms";
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

  private static long parseSize(String value) {
    Matcher matcher = SIZE.matcher(value.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("must be a size in bytes, e.g. 1048576, 512KiB or 8MiB");
    }
    long factor = matcher.group(2) == null ? 1 : unitFactor(matcher.group(2));
    try {
      return Math.multiplyExact(parseLong(matcher.group(1)), factor);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("is too large", e);
    }
  }

  private static long unitFactor(String unit) {
    return switch (unit) {
      case "kib" -> 1024L;
      case "mib" -> 1024L * 1024;
      case "gib" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
  }

  private static Duration parseDuration(String value) {
    Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("must be a duration with a unit, e.g. 500ms, 5s or 1m");
    }
    long amount = parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  private static <N extends Comparable<N>> N checkRange(
      N value, N min, N max, Function<N, String> format) {
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "must be between " + format.apply(min) + " and " + format.apply(max));
    }
    return value;
  }
}
