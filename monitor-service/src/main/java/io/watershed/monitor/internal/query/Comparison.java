package io.watershed.monitor.internal.query;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A range to compare with: the same range a day or a week before. */
public enum Comparison {
  DAY(Duration.ofDays(1)),
  WEEK(Duration.ofDays(7));

  private final Duration shift;

  Comparison(Duration shift) {
    this.shift = shift;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** How far back the compared range lies. */
  public long shiftMillis() {
    return shift.toMillis();
  }

  /** The comparison named {@code wire}, or null. */
  static Comparison parse(String wire) {
    return Arrays.stream(values()).filter(c -> c.wire().equals(wire)).findFirst().orElse(null);
  }

  static List<String> wires() {
    return Arrays.stream(values()).map(Comparison::wire).toList();
  }
}
