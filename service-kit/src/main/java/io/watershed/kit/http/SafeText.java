package io.watershed.kit.http;

import java.util.regex.Pattern;

/**
 * Text that may go into an answer or a log line: input echoed at most {@value #MAX_INPUT}
 * characters long with control characters and bidirectional overrides escaped, and messages without
 * Java class names, storage locations or SQL.
 */
public final class SafeText {
  /** Characters of a client's input an answer may echo. */
  public static final int MAX_INPUT = 200;

  /** Characters of an error message at most: with every echo inside, never more than this. */
  public static final int MAX_MESSAGE = 200;

  private static final String ELLIPSIS = "…";

  /** Qualified Java class names such as {@code org.h2.jdbc.JdbcSQLException}. */
  private static final Pattern CLASS_NAME =
      Pattern.compile(
          "\\b(?:java|javax|jdk|sun|com|org|io|net)(?:\\.[a-z_][A-Za-z0-9_]*)+\\.[A-Z][A-Za-z0-9_$]*"
              + "(?::\\s*)?");

  /** Storage locations: URIs of file systems and absolute paths under the usual roots. */
  private static final Pattern LOCATION =
      Pattern.compile(
          "(?i)\\b(?:hdfs|file|s3a?|gs|abfss?|wasbs?|jdbc:[a-z0-9]+):(?:[^\\s\"',;)]*[^\\s\"',;):.])?"
              + "|(?<![\\w.])/(?:tmp|home|var|work|root|opt|usr|etc|srv|mnt|data)/"
              + "(?:[^\\s\"',;)]*[^\\s\"',;):.])?");

  /** SQL text, as databases put it into their exception messages. */
  private static final Pattern SQL =
      Pattern.compile(
          "(?is)\\bSQL statement\\b|\\bselect\\b.{1,400}?\\bfrom\\b|\\binsert\\s+into\\b"
              + "|\\bupdate\\s+\\S+\\s+set\\b|\\bdelete\\s+from\\b|\\b(?:create|alter|drop)\\s+table\\b");

  /** Lines of a stack trace. */
  private static final Pattern STACK = Pattern.compile("(?s)[\\r\\n]+\\s*at\\s.*");

  private SafeText() {}

  /**
   * A client's input as it may be echoed: at most {@value #MAX_INPUT} characters, control
   * characters and bidirectional controls escaped as {@code \\uXXXX}.
   */
  public static String clip(Object input) {
    return clip(String.valueOf(input), MAX_INPUT);
  }

  /** As {@link #clip(Object)} with another limit. */
  public static String clip(String input, int limit) {
    if (input == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(input.length(), limit) + 16);
    int i = 0;
    for (; i < input.length(); i++) {
      char c = input.charAt(i);
      String piece = unsafe(c) ? "\\u%04X".formatted((int) c) : String.valueOf(c);
      if (out.length() + piece.length() > limit) {
        break;
      }
      out.append(piece);
    }
    if (i < input.length()) {
      int keep = Math.max(0, limit - ELLIPSIS.length());
      out.setLength(Math.min(out.length(), keep));
      out.append(ELLIPSIS);
    }
    return out.toString();
  }

  /**
   * A message fit for an answer: stack traces, SQL, class names and storage locations removed,
   * control characters escaped, at most {@value #MAX_MESSAGE} characters.
   */
  public static String message(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    String text = STACK.matcher(message).replaceAll("");
    if (SQL.matcher(text).find()) {
      return "the database refused the operation (details in the server log)";
    }
    return scrubbed(text);
  }

  /**
   * As {@link #message}, but text that looks like SQL stays: for messages about SQL the caller
   * wrote itself (an ad-hoc query endpoint), whose quoting of that SQL is an echo of its input.
   */
  public static String messageKeepingSql(String message) {
    if (message == null || message.isBlank()) {
      return "no detail";
    }
    return scrubbed(STACK.matcher(message).replaceAll(""));
  }

  private static String scrubbed(String text) {
    String scrubbed = CLASS_NAME.matcher(text).replaceAll("");
    scrubbed = LOCATION.matcher(scrubbed).replaceAll("<location>");
    return clip(scrubbed.strip(), MAX_MESSAGE);
  }

  /** Whether a message would lose something in {@link #message}: it needs cleaning. */
  public static boolean isClean(String message) {
    return message != null && message.equals(message(message));
  }

  /** Control characters, and the invisible marks that reorder or hide text. */
  static boolean unsafe(char c) {
    return Character.isISOControl(c)
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E'
        || c == '\u200F'
        || c == '\u061C'
        || c == '\u200B'
        || c == '\uFEFF';
  }

  /** Whether {@code text} holds a control character or a bidirectional control. */
  public static boolean hasUnsafeCharacters(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
