package io.watershed.bench;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A bench option's whole number; {@code _} may group digits ({@code 1_000_000}). */
public final class WholeNumber implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
  }

  /** {@code value} unless it is below {@code min}: then the option's error. */
  public static long atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "Cannot use %s %d: must be at least %d".formatted(option, value, min));
    }
    return value;
  }
}
