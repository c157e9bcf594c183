package io.watershed.bench.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.bench.BenchMain;
import io.watershed.collector.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bench command runs end to end (a smoke run: small, no timing asserted). */
class IntakeBenchIT {
  @Test
  void printsOneRowPerPathWithEveryRecordInKafka() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        BenchMain.commandLine()
            .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
            .execute(
                "intake",
                "--bootstrap",
                KafkaBroker.shared().bootstrap(),
                "--records",
                "3000",
                "--rate",
                "0",
                "--batch",
                "100",
                "--concurrency",
                "4",
                "--record-bytes",
                "700");

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(table)
        .contains("| path | records/s | MB/s | batch p50 ms | batch p99 ms |")
        .contains("| kafka-clients straight to Kafka (baseline) |")
        .contains("| intake HTTP, JSON lines |")
        .contains("| intake HTTP, gzip JSON lines |")
        .contains("intake HTTP, JSON lines vs baseline:");
    assertThat(table.lines().filter(line -> line.endsWith("| 0 | 3,000 of 3,000 |"))).hasSize(3);
    System.out.println(table);
  }
}
