package io.watershed.catalog.upkeep;

import io.watershed.kit.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ages of upkeep's keys: the service kit's durations ({@code 90s}, {@code 12h}) and whole days
 * ({@code 30d}), which retention is counted in; {@code none} where an age may be absent.
 */
public final class Ages {
  private static final Pattern DAYS = Pattern.compile("(\\d{1,6})d");

  private Ages() {}

  /** A whole number of days ({@code 30d}) or a service-kit duration; throws when invalid. */
  public static Duration parse(String value) {
    Matcher days = DAYS.matcher(value);
    if (days.matches()) {
      return Duration.ofDays(Long.parseLong(days.group(1)));
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must be a whole number of days (e.g. 30d) or a duration (e.g. 12h, 90s)", e);
    }
  }

  /** {@code none} (empty) or an age as {@link #parse}. */
  public static Optional<Duration> parseOptional(String value) {
    if (value.toLowerCase(Locale.ROOT).equals("none")) {
      return Optional.empty();
    }
    return Optional.of(parse(value));
  }

  /** An age as a config file writes it: whole days as {@code 30d}, else the kit's syntax. */
  public static String format(Duration age) {
    if (!age.isZero() && age.toMillis() % Duration.ofDays(1).toMillis() == 0) {
      return age.toDays() + "d";
    }
    return Durations.format(age);
  }

  /** As {@link #format}, {@code none} for empty. */
  public static String format(Optional<Duration> age) {
    return age.map(Ages::format).orElse("none");
  }

  /** The age as Trino writes a duration: whole seconds, e.g. {@code 259200s}. */
  static String trino(Duration age) {
    return Math.max(1, age.toSeconds()) + "s";
  }
}
