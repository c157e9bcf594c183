package io.watershed.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorMainTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void validateAcceptsAGoodConfig() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("ok.properties"), "intake.http-port=9000\nintake.app-keys=demo\n");

    assertThat(run("validate", config.toString())).isEqualTo(CollectorMain.OK);
    assertThat(text(out)).contains("is valid").contains("httpPort=9000").contains("apps=[demo]");
  }

  @Test
  void validatePrintsNumberedErrors() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("bad.properties"), "intake.http-port=x\nintake.io-threads=0\n");

    assertThat(run("validate", config.toString())).isEqualTo(CollectorMain.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("2 error(s)")
        .contains("  1. Cannot use intake.http-port=x: must be an integer")
        .contains("  2. Cannot use intake.io-threads=0: must be between 1 and 64");
  }

  @Test
  void runRefusesABadConfigBeforeOpeningAPort() throws Exception {
    Path config = Files.writeString(directory.resolve("bad.yaml"), "intake:\n  http-port: 70000\n");

    assertThat(run("run", config.toString())).isEqualTo(CollectorMain.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("1. Cannot use intake.http-port=70000");
  }

  @Test
  void keysPrintsTheReference() {
    assertThat(run("keys")).isEqualTo(CollectorMain.OK);
    assertThat(text(out)).contains("`intake.max-inflight-bytes`");
  }

  @Test
  void unknownCommandPrintsUsage() {
    assertThat(run("serve", "x.properties")).isEqualTo(CollectorMain.USAGE_OR_CONFIG);
    assertThat(run()).isEqualTo(CollectorMain.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("usage: watershed-collector");
  }

  @Test
  void benchNeedsABroker() {
    assertThat(run("bench-intake", "--records", "10")).isEqualTo(CollectorMain.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("--bootstrap HOST:PORT is required");
  }

  private int run(String... args) {
    return CollectorMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
