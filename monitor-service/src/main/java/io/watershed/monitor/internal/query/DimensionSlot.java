package io.watershed.monitor.internal.query;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A dimension column of the window tables, {@code d1} to {@code d6}: filters and grouping. */
public enum DimensionSlot {
  D1,
  D2,
  D3,
  D4,
  D5,
  D6;

  /** The column, also the request parameter: {@code d1}. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The slot named {@code column}, or null. */
  static DimensionSlot parse(String column) {
    return Arrays.stream(values()).filter(d -> d.column().equals(column)).findFirst().orElse(null);
  }

  static List<String> columns() {
    return Arrays.stream(values()).map(DimensionSlot::column).toList();
  }
}
