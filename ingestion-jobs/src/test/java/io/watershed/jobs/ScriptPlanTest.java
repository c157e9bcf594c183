package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.jobs.internal.SqlScript;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** A user's script planned as the runner plans it: SETs, statement sets, a look at a stream. */
class ScriptPlanTest {
  private static final String TABLES =
      """
      CREATE TEMPORARY TABLE src (id BIGINT, name STRING) WITH (
        'connector' = 'datagen', 'number-of-rows' = '10');
      CREATE TEMPORARY TABLE a (id BIGINT) WITH ('connector' = 'blackhole');
      CREATE TEMPORARY TABLE b (name STRING) WITH ('connector' = 'blackhole');
      """;

  @Test
  void aStatementSetAndLooseInsertsRunAsOneJob() {
    JobsRunner.Plan plan =
        plan(
            TABLES
                + """
                EXECUTE STATEMENT SET BEGIN
                  INSERT INTO a SELECT id FROM src;
                  INSERT INTO b SELECT name FROM src WHERE name <> 'x;y';
                END;
                EXECUTE INSERT INTO a SELECT id + 1 FROM src;
                """);
    assertThat(plan.count()).isEqualTo(3);
    assertThat(plan.batch()).isFalse();
    assertThat(plan.query()).isEmpty();
    assertThat(plan.inserts().explain())
        .contains("Sink(table=[default_catalog.default_database.b]");
  }

  @Test
  void theSqlClientsStatementSetMarkersWorkToo() {
    JobsRunner.Plan plan =
        plan(
            TABLES
                + """
                BEGIN STATEMENT SET;
                INSERT INTO a SELECT id FROM src;
                INSERT INTO b SELECT name FROM src;
                END;
                """);
    assertThat(plan.count()).isEqualTo(2);
  }

  @Test
  void setsApplyToTheWholeScriptAndBatchModeIsKept() {
    Configuration flink = new Configuration();
    JobsRunner.Plan plan =
        JobsRunner.planStatements(
            "script",
            flink,
            SqlScript.split(
                "SET 'execution.runtime-mode' = 'batch';\nSET 'table.exec.state.ttl' = '10 min';\n"
                    + TABLES
                    + "INSERT INTO a SELECT id FROM src;"));
    assertThat(plan.batch()).isTrue();
    assertThat(flink.toMap()).containsEntry("table.exec.state.ttl", "10 min");
  }

  @Test
  void aQueryAloneIsALook() {
    JobsRunner.Plan plan = plan(TABLES + "SELECT id, name FROM src WHERE id > 0;");
    assertThat(plan.count()).isZero();
    assertThat(plan.query()).contains("SELECT id, name FROM src WHERE id > 0");
  }

  @Test
  void badScriptsAreNamedWithTheirLine() {
    assertThatThrownBy(() -> plan(TABLES + "INSERT INTO a SELECT id FROM src;\nSELECT 1;"))
        .hasMessageContaining("Cannot run script: it has INSERTs and a query (line 6)");
    assertThatThrownBy(() -> plan(TABLES + "\nCREATE VIEW v AS SELECT nope FROM src;"))
        .hasMessageContaining("Cannot run script: Flink refuses the statement at line 6:")
        .hasMessageContaining("nope");
    assertThatThrownBy(() -> plan(TABLES))
        .hasMessage("Cannot run script: its SQL has no INSERT and no query");
    assertThatThrownBy(() -> plan("SET 'a';"))
        .hasMessage("Cannot run script: the SET at line 1 is not SET 'key' = 'value'");
  }

  private static JobsRunner.Plan plan(String sql) {
    Configuration flink = new Configuration();
    flink.setString("execution.target", "local");
    flink.set(
        org.apache.flink.configuration.PipelineOptions.GLOBAL_JOB_PARAMETERS, Map.of("k", "v"));
    return JobsRunner.planStatements("script", flink, SqlScript.split(sql));
  }
}
