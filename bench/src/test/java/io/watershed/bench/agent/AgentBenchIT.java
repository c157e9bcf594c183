package io.watershed.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.bench.BenchMain;
import io.watershed.collector.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench agent runs end to end with our agent only (Flume and kcat are not in the test build): the
 * deployable jar as its own process, the lines counted in Kafka, offsets and headers checked.
 */
class AgentBenchIT {
  @TempDir Path work;

  @Test
  void runsTheAgentAsItsOwnProcessAndChecksWhatArrived() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        BenchMain.commandLine()
            .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
            .execute(
                "agent",
                "--bootstrap",
                KafkaBroker.shared().bootstrap(),
                "--tools",
                "agent",
                "--sizes",
                "200",
                "--lines",
                "20000",
                "--agent-jar",
                Path.of("..", "collector", "target", "watershed-collector.jar")
                    .toAbsolutePath()
                    .toString(),
                "--work-dir",
                work.resolve("bench").toString(),
                "--timeout-seconds",
                "120");

    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(report)
        .contains("| agent | 200 B | 20,000 | 20,000 |")
        .contains("PASS lines in Kafka")
        .contains("PASS offset saved on stop")
        .contains("end (4,000,000 B)")
        .contains("PASS provenance headers")
        .doesNotContain("lines/s vs Flume");
    assertThat(work.resolve("bench")).doesNotExist();
    System.out.println(report);
  }
}
