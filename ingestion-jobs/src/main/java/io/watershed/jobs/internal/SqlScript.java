package io.watershed.jobs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL script as Flink's SQL client reads one: statements end at a semicolon outside string
 * literals, quoted identifiers and comments; {@code --} comments are dropped, {@code /* ...
 * *}{@code /} comments (and so optimizer hints) are kept; {@code EXECUTE STATEMENT SET BEGIN ...
 * END} is one statement whatever it holds. {@code ${name}} variables are filled in afterwards,
 * outside comments.
 *
 * <p>Hand-written: Flink's own splitter lives in the SQL client and its parser behind the planner
 * loader, neither on a job runner's classpath; this one only needs to find statement ends.
 */
public final class SqlScript {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z0-9._-]+)}");
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern SET =
      Pattern.compile(
          "(?is)SET\\s+(?:'((?:[^']|'')*)'|([A-Za-z0-9_.\\-]+))\\s*=\\s*(?:'((?:[^']|'')*)'|(\\S+))");

  private SqlScript() {}

  /** What a statement does for a job script. */
  public enum Kind {
    /** {@code SET 'key' = 'value'}: a Flink setting for the whole script. */
    SET,
    /** {@code INSERT INTO} or {@code INSERT OVERWRITE}, alone or as {@code EXECUTE INSERT}. */
    INSERT,
    /** {@code EXECUTE STATEMENT SET BEGIN ... END}: INSERTs that run as one job. */
    STATEMENT_SET,
    /** {@code BEGIN STATEMENT SET} and {@code END}: the SQL client's statement-set markers. */
    BEGIN_SET,
    END_SET,
    /** A query ({@code SELECT}, {@code WITH}, {@code VALUES}): its rows are shown, not stored. */
    QUERY,
    /** DDL and everything else the table environment executes itself. */
    OTHER
  }

  /** One statement of a script: its text without the ending semicolon, and its first line. */
  public record Statement(String text, int line) {
    public Kind kind() {
      return SqlScript.kind(text);
    }
  }

  /**
   * @throws IllegalArgumentException naming every unknown variable
   */
  public static String substitute(String source, String sql, Map<String, String> variables) {
    Matcher matcher = VARIABLE.matcher(sql);
    StringBuilder result = new StringBuilder();
    TreeSet<String> unknown = new TreeSet<>();
    while (matcher.find()) {
      String value = variables.get(matcher.group(1));
      if (value == null) {
        unknown.add(matcher.group(1));
        value = matcher.group();
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot fill in %s: unknown variables %s; known are %s"
              .formatted(source, unknown, new TreeSet<>(variables.keySet())));
    }
    return result.toString();
  }

  /** The statements' texts, {@code --} comments dropped. */
  public static List<String> statements(String sql) {
    return split(sql).stream().map(Statement::text).toList();
  }

  /**
   * Splits a script into statements.
   *
   * @throws IllegalArgumentException when a string, quoted identifier, comment or statement set is
   *     not closed, naming the line where it opened
   */
  public static List<Statement> split(String sql) {
    List<Statement> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    List<String> words = new ArrayList<>();
    // CASE ... END inside a statement set must not end it: only an END that closes no CASE does.
    int cases = 0;
    boolean endsSet = false;
    int line = 1;
    int start = -1;
    int i = 0;
    int length = sql.length();
    while (i < length) {
      char c = sql.charAt(i);
      char next = i + 1 < length ? sql.charAt(i + 1) : 0;
      if (c == '-' && next == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? length : end;
        continue;
      }
      if (start < 0 && !Character.isWhitespace(c) && c != ';') {
        start = line;
      }
      if (c == '/' && next == '*') {
        int end = sql.indexOf("*/", i + 2);
        if (end < 0) {
          throw unclosed("comment", line);
        }
        String comment = sql.substring(i, end + 2);
        current.append(comment);
        line += lines(comment);
        i = end + 2;
        continue;
      }
      if (c == '\'' || c == '"' || c == '`') {
        int end = closingQuote(sql, i, c);
        if (end < 0) {
          throw unclosed(c == '`' ? "quoted identifier" : "string literal", line);
        }
        String quoted = sql.substring(i, end + 1);
        current.append(quoted);
        line += lines(quoted);
        i = end + 1;
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        Matcher word = WORD.matcher(sql).region(i, length);
        word.lookingAt();
        String upper = word.group().toUpperCase(Locale.ROOT);
        words.add(upper);
        if (upper.equals("CASE")) {
          cases++;
        }
        endsSet = upper.equals("END") && cases == 0;
        if (upper.equals("END") && cases > 0) {
          cases--;
        }
        current.append(word.group());
        i = word.end();
        continue;
      }
      if (!Character.isWhitespace(c) && c != ';') {
        endsSet = false;
      }
      if (c == ';' && !(isStatementSet(words) && !endsSet)) {
        add(statements, current, start);
        words.clear();
        cases = 0;
        start = -1;
        i++;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      current.append(c);
      i++;
    }
    if (isStatementSet(words) && !endsSet) {
      throw new IllegalArgumentException(
          "Cannot split the script: the statement set of line %d has no END".formatted(start));
    }
    add(statements, current, start);
    return List.copyOf(statements);
  }

  /** The kind of one statement, by its first words. */
  public static Kind kind(String statement) {
    List<String> words = leadingWords(statement, 4);
    String first = words.isEmpty() ? "" : words.get(0);
    String second = words.size() > 1 ? words.get(1) : "";
    return switch (first) {
      case "SET" -> Kind.SET;
      case "INSERT" -> Kind.INSERT;
      case "EXECUTE" ->
          second.equals("INSERT")
              ? Kind.INSERT
              : second.equals("STATEMENT") ? Kind.STATEMENT_SET : Kind.OTHER;
      case "BEGIN" -> second.equals("STATEMENT") ? Kind.BEGIN_SET : Kind.OTHER;
      case "END" -> words.size() == 1 ? Kind.END_SET : Kind.OTHER;
      case "SELECT", "WITH", "VALUES", "(" -> Kind.QUERY;
      default -> Kind.OTHER;
    };
  }

  /** The INSERTs inside {@code EXECUTE STATEMENT SET BEGIN ... END}, in order. */
  public static List<Statement> statementSetInserts(Statement set) {
    String text = set.text();
    Matcher begin = Pattern.compile("(?i)\\bBEGIN\\b").matcher(text);
    Matcher end = Pattern.compile("(?i)\\bEND\\s*$").matcher(text);
    if (!begin.find() || !end.find()) {
      throw new IllegalArgumentException(
          "Cannot read the statement set of line %d: it needs BEGIN and END".formatted(set.line()));
    }
    int bodyLine = set.line() + lines(text.substring(0, begin.end()));
    List<Statement> inserts = new ArrayList<>();
    for (Statement inner : split(text.substring(begin.end(), end.start()))) {
      Statement shifted = new Statement(inner.text(), bodyLine + inner.line() - 1);
      if (shifted.kind() != Kind.INSERT) {
        throw new IllegalArgumentException(
            "Cannot run the statement set of line %d: line %d is not an INSERT (a statement set"
                    .formatted(set.line(), shifted.line())
                + " holds INSERTs only)");
      }
      inserts.add(shifted);
    }
    return inserts;
  }

  /** The key and value of {@code SET 'key' = 'value'} (quotes optional), if it is one. */
  public static Optional<Map.Entry<String, String>> setting(String statement) {
    Matcher matcher = SET.matcher(statement.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String key = matcher.group(1) != null ? matcher.group(1).replace("''", "'") : matcher.group(2);
    String value =
        matcher.group(3) != null ? matcher.group(3).replace("''", "'") : matcher.group(4);
    return Optional.of(Map.entry(key, value));
  }

  private static boolean isStatementSet(List<String> words) {
    return words.size() >= 4
        && words.get(0).equals("EXECUTE")
        && words.get(1).equals("STATEMENT")
        && words.get(2).equals("SET")
        && words.get(3).equals("BEGIN");
  }

  /** The first {@code limit} words of a statement, upper case, comments skipped. */
  private static List<String> leadingWords(String statement, int limit) {
    List<String> words = new ArrayList<>();
    String text = statement.replaceAll("(?s)/\\*.*?\\*/", " ").strip();
    if (text.startsWith("(")) {
      return List.of("(");
    }
    Matcher matcher = WORD.matcher(text);
    while (words.size() < limit && matcher.find()) {
      words.add(matcher.group().toUpperCase(Locale.ROOT));
    }
    return words;
  }

  /** The index of the quote closing the one at {@code open}; a doubled quote is an escape. */
  private static int closingQuote(String sql, int open, char quote) {
    int i = open + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    return -1;
  }

  private static void add(List<Statement> statements, StringBuilder current, int line) {
    String text = current.toString().strip();
    current.setLength(0);
    if (!text.isEmpty()) {
      statements.add(new Statement(text, line));
    }
  }

  private static int lines(String text) {
    return (int) text.chars().filter(c -> c == '\n').count();
  }

  private static IllegalArgumentException unclosed(String what, int line) {
    return new IllegalArgumentException(
        "Cannot split the script: the %s of line %d is not closed".formatted(what, line));
  }
}
