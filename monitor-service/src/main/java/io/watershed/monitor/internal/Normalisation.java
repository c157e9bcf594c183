package io.watershed.monitor.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A step applied to a source value before it is kept (one-to-one) or looked up (many-to-one). Steps
 * run in the order given; mapping table values are stored normalised.
 */
public enum Normalisation {
  TRIM("trim"),
  LOWER_CASE("lower-case"),
  UPPER_CASE("upper-case");

  private final String wire;

  Normalisation(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  String apply(String value) {
    return switch (this) {
      case TRIM -> value.strip();
      case LOWER_CASE -> value.toLowerCase(Locale.ROOT);
      case UPPER_CASE -> value.toUpperCase(Locale.ROOT);
    };
  }

  public static String applyAll(List<Normalisation> steps, String value) {
    String result = value;
    for (Normalisation step : steps) {
      result = step.apply(result);
    }
    return result;
  }

  /** The step named {@code wire}, or null. */
  public static Normalisation parse(String wire) {
    return Arrays.stream(values()).filter(n -> n.wire.equals(wire)).findFirst().orElse(null);
  }

  public static List<String> wires() {
    return Arrays.stream(values()).map(Normalisation::wire).toList();
  }
}
