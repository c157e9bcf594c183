package io.watershed.udfs.internal;

import java.util.Locale;

/**
 * A step run on a source value before it is kept (one-to-one) or looked up (many-to-one): the
 * monitor service's steps, with the same wire names and the same semantics (Unicode whitespace
 * strip, root-locale case mapping).
 */
enum Normalisation {
  TRIM("trim"),
  LOWER_CASE("lower-case"),
  UPPER_CASE("upper-case");

  private final String wire;

  Normalisation(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  String apply(String value) {
    return switch (this) {
      case TRIM -> value.strip();
      case LOWER_CASE -> value.toLowerCase(Locale.ROOT);
      case UPPER_CASE -> value.toUpperCase(Locale.ROOT);
    };
  }

  /** The step named {@code wire}, or null. */
  static Normalisation parse(String wire) {
    for (Normalisation step : values()) {
      if (step.wire.equals(wire)) {
        return step;
      }
    }
    return null;
  }
}
