package io.watershed.kit.config;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one size syntax of Watershed config files: a whole number of bytes, optionally with a binary
 * unit and no space: {@code 1048576}, {@code 512KiB}, {@code 8MiB}, {@code 1GiB} (units in any
 * case; {@code _} may group digits).
 */
public final class Sizes {
  private static final Pattern SYNTAX = Pattern.compile("(\\d[\\d_]{0,24})(b|kib|mib|gib)?");
  private static final long KIB = 1024L;
  private static final long MIB = 1024L * KIB;
  private static final long GIB = 1024L * MIB;

  private Sizes() {}

  /**
   * Parses a size in bytes; throws IllegalArgumentException naming the syntax when it is not one.
   */
  public static long parse(String value) {
    Matcher matcher = SYNTAX.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "must be a whole number of bytes, optionally with a unit (KiB, MiB, GiB), e.g. 1048576"
              + " or 8MiB");
    }
    long factor =
        switch (matcher.group(2) == null ? "b" : matcher.group(2)) {
          case "kib" -> KIB;
          case "mib" -> MIB;
          case "gib" -> GIB;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(Long.parseLong(matcher.group(1).replace("_", "")), factor);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("is too large", e);
    }
  }

  /** The shortest form {@link #parse} reads back to the same size. */
  public static String format(long bytes) {
    for (long factor : List.of(GIB, MIB, KIB)) {
      if (bytes >= factor && bytes % factor == 0) {
        return bytes / factor + (factor == GIB ? "GiB" : factor == MIB ? "MiB" : "KiB");
      }
    }
    return String.valueOf(bytes);
  }
}
