package io.watershed.kit.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Watershed config files: a whole number and a unit, no space: {@code
 * 500ms}, {@code 10s}, {@code 2m}, {@code 1h}.
 */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})(ms|s|m|h)");

  private Durations() {}

  /** Parses a duration; throws IllegalArgumentException naming the syntax when it is not one. */
  public static Duration parse(String value) {
    Matcher matcher = SYNTAX.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "must be a whole number and a unit (ms, s, m, h), e.g. 500ms or 10s");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  /** The shortest form {@link #parse} reads back to the same duration. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
