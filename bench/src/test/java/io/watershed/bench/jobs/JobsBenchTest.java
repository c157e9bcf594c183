package io.watershed.bench.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.watershed.jobs.JobsConfig;
import io.watershed.jobs.JobsRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsBenchTest {
  @Test
  void theRatePerRecordComesFromTheTaskThreads() {
    // 500,000 records; 11 CPU s in the process, of which 2 in the job's task threads.
    JobsBench.Result result = new JobsBench.Result("job", 500_000, 9, 11, 2);
    assertThat(result.recordsPerTaskCpuSecond()).isCloseTo(250_000, within(1e-6));
  }

  @Test
  void twoJobsInARowAddTheirCosts() {
    JobsBench.Result first = new JobsBench.Result("a", 400_000, 9, 11, 2);
    JobsBench.Result second = new JobsBench.Result("b", 400_000, 12, 15, 6);
    JobsBench.Result both = first.plus(second, "a + b");
    assertThat(both.name()).isEqualTo("a + b");
    assertThat(both.seconds()).isEqualTo(21);
    assertThat(both.cpuSeconds()).isEqualTo(26);
    assertThat(both.recordsPerTaskCpuSecond()).isCloseTo(50_000, within(1e-6));
  }

  @Test
  void theTableComparesEachJobToThePassThrough() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JobsBench.print(
        List.of(
            new JobsBench.Result("pass-through", 500_000, 9, 11, 1),
            new JobsBench.Result("windows", 500_000, 20, 22, 4)),
        new PrintWriter(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines.get(1)).startsWith("pass-through").endsWith(" 500000     100%");
    assertThat(lines.get(2)).startsWith("windows").endsWith(" 125000      25%");
    assertThat(lines.get(3)).startsWith("(cpu-s: the process's CPU");
  }

  @Test
  void theCleanStageWritesCopiesOfTheLakeTablesInItsOwnNamespace() throws Exception {
    List<String> clean =
        new JobsRunner(JobsConfig.load(Path.of("..").toAbsolutePath().normalize(), Map.of()))
            .statements("ubc_clean");
    List<String> bench = JobsBench.inLakeNamespace(clean, "bench_7");

    List<String> inserts = bench.stream().filter(s -> s.startsWith("INSERT INTO ")).toList();
    assertThat(inserts)
        .hasSize(3)
        .noneMatch(s -> s.startsWith("INSERT INTO lake.ubc."))
        .anyMatch(s -> s.startsWith("INSERT INTO lake.bench_7.events"))
        .anyMatch(s -> s.startsWith("INSERT INTO lake.bench_7.rejects"));
    // everything else is ubc_clean's own SQL, unchanged
    assertThat(bench).hasSize(clean.size());
    assertThat(bench.stream().filter(s -> !s.startsWith("INSERT INTO ")))
        .containsExactlyElementsOf(
            clean.stream().filter(s -> !s.startsWith("INSERT INTO ")).toList());
  }

  @Test
  void anInsertWithoutABenchSinkStopsTheBench() {
    assertThatThrownBy(
            () ->
                JobsBench.withSinks(
                    "job",
                    List.of("INSERT INTO lake.ubc.events SELECT 1"),
                    Map.of("lake.ubc.rejects", "bench_rejects")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot bench job: no bench sink for lake.ubc.events");
  }
}
