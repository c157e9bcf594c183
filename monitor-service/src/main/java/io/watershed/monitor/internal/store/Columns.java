package io.watershed.monitor.internal.store;

/** What the stores share about column values. */
public final class Columns {
  private Columns() {}

  /** {@code text} cut to {@code max} characters, the last an ellipsis, when it is longer. */
  public static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
