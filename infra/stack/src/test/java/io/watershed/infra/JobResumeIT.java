package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A job resumes from its own state on the shared stack's Flink cluster, by name: the first submit
 * starts afresh, a stop writes a savepoint (under jobs.state-dir, on HDFS) that the next submit
 * resumes from; a changed SQL whose state Flink cannot map is refused with the choices named, and
 * {@code --from-scratch} then starts it without state and records the gap in lake.ops.progress.
 */
class JobResumeIT {
  private static final String JOB = "resume_probe";

  @Test
  void aJobResumesFromItsSavepointAndAnIncompatibleChangeIsRefused() throws Exception {
    LocalStack stack = TestStack.shared();
    JobsComponent jobs = new JobsComponent(stack.config());
    String run = TestStack.unique("resume");
    Path work = stack.config().varDir().resolve("it").resolve(run);
    Path sql = work.resolve("sql");
    Files.createDirectories(sql.resolve("jobs"));
    Files.createDirectories(sql.resolve("ddl"));
    Files.copy(
        TestStack.home().resolve("sql/ddl/lake_catalog.sql"), sql.resolve("ddl/lake_catalog.sql"));
    Map<String, String> overrides =
        Map.of("jobs.sql-dir", sql.toString(), "jobs.consumer-group-prefix", run);
    Path log = work.resolve("runner.log");
    String name = run + "-" + JOB;

    // A keyed count: its state is what a resume carries over.
    writeJob(sql, "SELECT k, count(*) FROM gen GROUP BY k");
    assertThat(run(jobs, work, overrides, "submit", JOB))
        .contains(name + " running as", "first start (no saved state)");
    assertThat(run(jobs, work, overrides, "cancel", JOB)).contains("stopped with a savepoint");

    assertThat(run(jobs, work, overrides, "submit", JOB))
        .contains("resumed from its savepoint", "/watershed/flink/savepoints/" + name);
    run(jobs, work, overrides, "cancel", JOB);

    // The aggregate is gone: its saved state has nowhere to go, and Flink refuses it.
    writeJob(sql, "SELECT k, v FROM gen");
    long before = Files.size(log);
    assertThatThrownBy(() -> jobs.run(work, overrides, List.of("submit", JOB)))
        .hasMessageContaining("exit code 3");
    assertThat(appended(log, before))
        .contains(
            "Cannot resume " + name + " from its savepoint",
            "Flink refuses the state",
            "submit " + JOB + " --from-scratch");

    assertThat(run(jobs, work, overrides, "submit", JOB, "--from-scratch"))
        .contains(
            "Starting " + name + " from scratch",
            "under-count",
            "recorded in lake.ops.progress",
            name + " running as",
            "without state");
    run(jobs, work, overrides, "cancel", JOB);

    try (Connection trino = TrinoQueries.connect(stack)) {
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT source LIKE 'gap %', gap_end IS NOT NULL, reason FROM lake.ops.progress"
                      + " WHERE job = '"
                      + name
                      + "'"))
          .singleElement()
          .asString()
          .startsWith("true|true|started without its state (--from-scratch)");
    }
  }

  private static void writeJob(Path sql, String select) throws Exception {
    Files.writeString(
        sql.resolve("jobs").resolve(JOB + ".sql"),
        """
-- Reads: generated rows. Writes: nothing (a blackhole).
CREATE TEMPORARY TABLE gen (k INT, v BIGINT) WITH (
  'connector' = 'datagen', 'rows-per-second' = '20', 'fields.k.min' = '1', 'fields.k.max' = '5'
);
CREATE TEMPORARY TABLE sink (k INT, c BIGINT) WITH ('connector' = 'blackhole');
INSERT INTO sink %s;
"""
            .formatted(select),
        StandardCharsets.UTF_8);
  }

  /** Runs the jobs runner and returns what it printed. */
  private static String run(
      JobsComponent jobs, Path work, Map<String, String> overrides, String... arguments)
      throws Exception {
    Path log = work.resolve("runner.log");
    long before = Files.exists(log) ? Files.size(log) : 0;
    jobs.run(work, overrides, List.of(arguments));
    return appended(log, before);
  }

  private static String appended(Path log, long from) throws Exception {
    byte[] bytes = Files.readAllBytes(log);
    return new String(bytes, (int) from, bytes.length - (int) from, StandardCharsets.UTF_8);
  }
}
