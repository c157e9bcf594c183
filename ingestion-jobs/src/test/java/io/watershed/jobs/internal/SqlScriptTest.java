package io.watershed.jobs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.jobs.internal.SqlScript.Kind;
import io.watershed.jobs.internal.SqlScript.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Scripts split as Flink's SQL client splits them, with the line each statement starts on. */
class SqlScriptTest {
  @Test
  void semicolonsInStringsIdentifiersAndCommentsDoNotEndAStatement() {
    String sql =
        """
        -- a comment; with a semicolon
        CREATE TABLE `odd;name` (a STRING); /* block; comment */ INSERT INTO t SELECT 'x;y', 'it''s;' -- tail;
        FROM s;
        SELECT "q;q" FROM t""";
    assertThat(SqlScript.split(sql))
        .containsExactly(
            new Statement("CREATE TABLE `odd;name` (a STRING)", 2),
            new Statement("/* block; comment */ INSERT INTO t SELECT 'x;y', 'it''s;' \nFROM s", 2),
            new Statement("SELECT \"q;q\" FROM t", 4));
  }

  @Test
  void aStatementSetIsOneStatementWithItsInsertsInside() {
    String sql =
        """
        SET 'pipeline.name' = 'x';

        EXECUTE STATEMENT SET
        BEGIN
          INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE 2 END;
          -- a note
          INSERT INTO b SELECT 'end;' FROM c;
        END;
        SELECT 1;
        """;
    List<Statement> statements = SqlScript.split(sql);
    assertThat(statements)
        .extracting(Statement::kind)
        .containsExactly(Kind.SET, Kind.STATEMENT_SET, Kind.QUERY);
    assertThat(statements.get(1).line()).isEqualTo(3);
    assertThat(SqlScript.statementSetInserts(statements.get(1)))
        .containsExactly(
            new Statement("INSERT INTO a SELECT CASE WHEN x THEN 1 ELSE 2 END", 5),
            new Statement("INSERT INTO b SELECT 'end;' FROM c", 7));
  }

  @Test
  void kindsFollowTheFirstWords() {
    assertThat(SqlScript.kind("insert overwrite t select 1")).isEqualTo(Kind.INSERT);
    assertThat(SqlScript.kind("EXECUTE INSERT INTO t SELECT 1")).isEqualTo(Kind.INSERT);
    assertThat(SqlScript.kind("/*+ hint */ WITH a AS (SELECT 1) SELECT * FROM a"))
        .isEqualTo(Kind.QUERY);
    assertThat(SqlScript.kind("(SELECT 1) UNION ALL (SELECT 2)")).isEqualTo(Kind.QUERY);
    assertThat(SqlScript.kind("BEGIN STATEMENT SET")).isEqualTo(Kind.BEGIN_SET);
    assertThat(SqlScript.kind("END")).isEqualTo(Kind.END_SET);
    assertThat(SqlScript.kind("CREATE FUNCTION f AS 'a.B' USING JAR 'hdfs:///f.jar'"))
        .isEqualTo(Kind.OTHER);
  }

  @Test
  void settingsAreReadQuotedOrNot() {
    assertThat(SqlScript.setting("SET 'execution.runtime-mode' = 'batch'"))
        .contains(Map.entry("execution.runtime-mode", "batch"));
    assertThat(SqlScript.setting("set table.exec.state.ttl=10min"))
        .contains(Map.entry("table.exec.state.ttl", "10min"));
    assertThat(SqlScript.setting("SET 'a' = 'it''s'")).contains(Map.entry("a", "it's"));
    assertThat(SqlScript.setting("SET")).isEmpty();
  }

  @Test
  void anUnclosedQuoteOrSetNamesItsLine() {
    assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'open"))
        .hasMessage("Cannot split the script: the string literal of line 2 is not closed");
    assertThatThrownBy(() -> SqlScript.split("SELECT 1;\n/* open"))
        .hasMessage("Cannot split the script: the comment of line 2 is not closed");
    assertThatThrownBy(
            () -> SqlScript.split("EXECUTE STATEMENT SET BEGIN\nINSERT INTO a SELECT 1;\n"))
        .hasMessage("Cannot split the script: the statement set of line 1 has no END");
    assertThatThrownBy(
            () ->
                SqlScript.statementSetInserts(
                    new Statement("EXECUTE STATEMENT SET BEGIN\nSELECT 1;\nEND", 4)))
        .hasMessageContaining("line 5 is not an INSERT");
  }
}
