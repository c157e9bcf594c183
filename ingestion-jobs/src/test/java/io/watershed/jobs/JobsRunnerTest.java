package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.jobs.internal.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsRunnerTest {
  private static Path home() {
    Path directory = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(directory.resolve("sql/jobs"))) {
      directory = directory.getParent();
    }
    return directory;
  }

  @Test
  void theShippedJobsResolveEveryVariable() throws Exception {
    JobsRunner runner = new JobsRunner(JobsConfig.load(home(), Map.of()));
    List<String> clean = runner.statements("ubc_clean");
    assertThat(clean.get(0))
        .startsWith("CREATE CATALOG lake")
        .contains("'uri' = 'http://127.0.0.1:8181'");
    assertThat(clean).noneMatch(statement -> statement.contains("${"));
    assertThat(clean.stream().filter(s -> s.startsWith("INSERT"))).hasSize(3);
    assertThat(String.join("\n", clean))
        .contains(
            "'topic' = 'ws.raw.ubc'",
            "'properties.group.id' = 'watershed-ubc_clean'",
            "'scan.bounded.mode' = 'unbounded'",
            "'sink.partitioner' = '" + LanePartitioner.class.getName() + "'");
    List<String> raw = runner.statements("raw_to_lake");
    assertThat(raw.stream().filter(s -> s.startsWith("INSERT"))).hasSize(1);
    assertThat(String.join("\n", raw)).contains("'topic-pattern' = 'ws\\.raw\\..*'");
  }

  @Test
  void theMonitoringJobsReadAndWriteTheConfiguredQueues() throws Exception {
    JobsRunner runner =
        new JobsRunner(
            JobsConfig.load(
                home(),
                Map.of(
                    "jobs.topic-monitor", "mon.q",
                    "jobs.watermark-delay", "2500ms",
                    "jobs.consumer-group-prefix", "t1")));
    List<String> monitor = runner.statements("ubc_monitor");
    assertThat(monitor).noneMatch(statement -> statement.contains("${"));
    assertThat(monitor.stream().filter(s -> s.startsWith("INSERT"))).hasSize(1);
    assertThat(String.join("\n", monitor))
        .contains(
            "'topic' = 'ws.clean.ubc'",
            "'topic' = 'mon.q'",
            "ubc_dims(",
            "ubc_trim(",
            "'key.fields' = 'lane'",
            "'sink.partitioner' = '" + LanePartitioner.class.getName() + "'");
    List<String> windows = runner.statements("ubc_windows");
    assertThat(windows).noneMatch(statement -> statement.contains("${"));
    assertThat(windows.stream().filter(s -> s.startsWith("INSERT")))
        .hasSize(5)
        .anyMatch(s -> s.startsWith("INSERT INTO lake.ubc.metrics_1m"))
        .anyMatch(s -> s.startsWith("INSERT INTO lake.ubc.metrics_5m"))
        .anyMatch(s -> s.startsWith("INSERT INTO lake.ubc.late"))
        .anyMatch(s -> s.startsWith("INSERT INTO lake.ubc.corrections"))
        .anyMatch(s -> s.startsWith("INSERT INTO lake.ops.progress"));
    assertThat(String.join("\n", windows))
        .contains(
            "'topic' = 'mon.q'",
            "'properties.group.id' = 't1-ubc_windows'",
            "report_ts - INTERVAL '0 00:00:02.500' DAY TO SECOND(3)",
            "SELECT 't1-ubc_windows', 'mon.q'");
    assertThat(runner.jobParameters())
        .containsEntry("watershed.rules.url", "http://127.0.0.1:8070")
        .containsEntry("watershed.rules.interval", "10000 ms");
  }

  @Test
  void theWindowJobCheckpointsMoreOften() {
    JobsRunner runner =
        new JobsRunner(JobsConfig.load(home(), Map.of("jobs.windows-checkpoint-interval", "15s")));
    org.apache.flink.configuration.Configuration windows = runner.flinkConfiguration("ubc_windows");
    assertThat(windows.toMap()).containsEntry("execution.checkpointing.interval", "15000 ms");
    org.apache.flink.configuration.Configuration clean = runner.flinkConfiguration("ubc_clean");
    assertThat(clean.toMap()).containsEntry("execution.checkpointing.interval", "30000 ms");
  }

  @Test
  void everyJobKeepsItsStateByNameAndTheDeduplicatingJobsForgetIds() {
    JobsRunner runner =
        new JobsRunner(
            JobsConfig.load(
                home(),
                Map.of(
                    "jobs.state-dir", "hdfs://nn:9000/ws/flink/",
                    "jobs.consumer-group-prefix", "p",
                    "jobs.dedup-horizon", "2m")));
    Map<String, String> clean = runner.flinkConfiguration("ubc_clean").toMap();
    assertThat(clean)
        .containsEntry(
            "execution.checkpointing.dir", "hdfs://nn:9000/ws/flink/checkpoints/p-ubc_clean")
        .containsEntry(
            "execution.checkpointing.savepoint-dir",
            "hdfs://nn:9000/ws/flink/savepoints/p-ubc_clean")
        .containsEntry(
            "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
        .containsEntry("table.exec.state.ttl", "120000 ms");
    assertThat(runner.flinkConfiguration("ubc_windows").toMap())
        .containsEntry(
            "execution.checkpointing.dir", "hdfs://nn:9000/ws/flink/checkpoints/p-ubc_windows")
        // the first delivery of each event id, for the corrections
        .containsEntry("table.exec.state.ttl", "120000 ms");
    assertThat(runner.flinkConfiguration("ubc_monitor").toMap())
        .doesNotContainKey("table.exec.state.ttl");
  }

  @Test
  void anUnknownJobIsNamed() {
    JobsRunner runner = new JobsRunner(JobsConfig.load(home(), Map.of()));
    assertThatThrownBy(() -> runner.statements("no_such_job"))
        .hasMessageContaining("Cannot load job no_such_job")
        .hasMessageContaining("no_such_job.sql does not exist");
  }

  @Test
  void unknownVariablesAreListed() {
    assertThatThrownBy(
            () ->
                SqlScript.substitute(
                    "job.sql", "SELECT '${a}', '${b}', '${known}'", Map.of("known", "x")))
        .hasMessageContaining("Cannot fill in job.sql: unknown variables [a, b]");
  }

  @Test
  void statementsSplitAtSemicolonsOutsideStringsAndDropComments() {
    String sql =
        "-- a comment\nCREATE TABLE t (a STRING);\n\nINSERT INTO t\nSELECT 'x;y'\nFROM s;\nSELECT 1";
    assertThat(SqlScript.statements(sql))
        .containsExactly(
            "CREATE TABLE t (a STRING)", "INSERT INTO t\nSELECT 'x;y'\nFROM s", "SELECT 1");
  }
}
