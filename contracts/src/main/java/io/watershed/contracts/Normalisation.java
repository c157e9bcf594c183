package io.watershed.contracts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A step applied to a source value before it is kept (one-to-one) or looked up (many-to-one), in
 * the dimension rules the monitor service stores and serves and the UDFs apply: steps run in the
 * order given, mapping table values are stored normalised. Unicode whitespace strip, root-locale
 * case mapping; {@link #wire()} is the name in the rules' JSON and the database.
 */
public enum Normalisation {
  TRIM("trim"),
  LOWER_CASE("lower-case"),
  UPPER_CASE("upper-case");

  private final String wire;

  Normalisation(String wire) {
    this.wire = wire;
  }

  /** The step's name in the rules' JSON. */
  public String wire() {
    return wire;
  }

  /** The value after this step. */
  public String apply(String value) {
    return switch (this) {
      case TRIM -> value.strip();
      case LOWER_CASE -> value.toLowerCase(Locale.ROOT);
      case UPPER_CASE -> value.toUpperCase(Locale.ROOT);
    };
  }

  /** The value after every step, in order. */
  public static String applyAll(List<Normalisation> steps, String value) {
    String result = value;
    for (Normalisation step : steps) {
      result = step.apply(result);
    }
    return result;
  }

  /** The step named {@code wire}, or null. */
  public static Normalisation parse(String wire) {
    for (Normalisation step : values()) {
      if (step.wire.equals(wire)) {
        return step;
      }
    }
    return null;
  }

  /** Every step's wire name, in declaration order. */
  public static List<String> wires() {
    List<String> wires = new ArrayList<>();
    for (Normalisation step : values()) {
      wires.add(step.wire);
    }
    return List.copyOf(wires);
  }
}
