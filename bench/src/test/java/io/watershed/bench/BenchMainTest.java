package io.watershed.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchMainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return BenchMain.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  @Test
  void everyBenchPrintsItsUsage() {
    for (String bench : new String[] {"agent", "intake", "load", "jobs", "freshness", "query"}) {
      assertThat(run(bench, "--help")).isZero();
      assertThat(out.toString()).contains("Usage: bench " + bench);
    }
    assertThat(out.toString())
        .contains(
            "--bootstrap=HOST:PORT",
            "--flume-sinks",
            "--record-bytes",
            "--config=FILE",
            "--monitor=URI");
  }

  @Test
  void aBenchNeedsABrokerAndABadNumberIsAUsageError() {
    assertThat(run("intake", "--records", "10")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--bootstrap=HOST:PORT'");
    assertThat(run("intake", "--bootstrap", "h:1", "--record-bytes", "100")).isEqualTo(2);
    assertThat(err.toString())
        .contains("Cannot use --record-bytes 100: must be at least 300")
        .contains("Usage: bench intake");
  }

  @Test
  void noBenchNamedIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString()).contains("Cannot bench: name a bench", "agent", "freshness");
  }
}
