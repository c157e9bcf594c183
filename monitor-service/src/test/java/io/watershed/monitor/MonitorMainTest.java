package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: subcommands, exit codes, and config errors reported before any port opens. */
class MonitorMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void printsUsageForUnknownCommands() {
    assertThat(run("serve", "x.properties")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(run()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err())
        .contains("Unknown command 'serve'", "Usage: watershed-monitor-service", "seed-demo");
  }

  @Test
  void keysPrintsTheReference() {
    assertThat(run("keys")).isEqualTo(ExitCodes.OK);
    assertThat(out()).isEqualTo(MonitorKeys.reference());
  }

  @Test
  void validateAcceptsAGoodConfig(@TempDir Path directory) throws IOException {
    Path config = write(directory, "monitor.http-port=0\nmonitor.seed-demo=true\n");
    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out()).contains("is valid", "httpPort=0", "seedDemo=true");
  }

  @Test
  void runRefusesABadConfigBeforeOpeningAPort(@TempDir Path directory) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path config =
        write(
            directory,
            "monitor.http-port=%d\nmonitor.threads=0\nmonitor.jdbc-url=jdbc:h2:mem:x\n"
                .formatted(port));
    assertThat(run("run", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err())
        .contains(
            "2 error(s)",
            "  1. Cannot use monitor.threads=0: must be between 1 and 256",
            "  2. Cannot use monitor.jdbc-url=jdbc:h2:mem:x: H2 URLs must set");
    // nothing listens: the port is still free
    try (ServerSocket again = new ServerSocket(port)) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void seedDemoLoadsTheDemoRulesOnce(@TempDir Path directory) throws IOException {
    Path config =
        write(
            directory,
            "monitor.jdbc-url=jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE\n"
                .formatted(directory.resolve("db").toString().replace("\\", "/")));
    assertThat(run("seed-demo", config.toString())).as(err()).isEqualTo(ExitCodes.OK);
    assertThat(out()).contains("30 UBC ID(s) and 150 dimension(s) added");
    out.reset();
    assertThat(run("seed-demo", config.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out()).contains("0 UBC ID(s) and 0 dimension(s) added");
  }

  @Test
  void reportsAnUnreachableDatabase(@TempDir Path directory) throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    Path config =
        write(directory, "monitor.jdbc-url=jdbc:postgresql://127.0.0.1:%d/none\n".formatted(port));
    assertThat(run("seed-demo", config.toString())).isEqualTo(ExitCodes.FAILED);
    assertThat(err()).contains("Cannot seed-demo monitor service: Cannot connect to database");
  }

  private int run(String... args) {
    return MonitorMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Path write(Path directory, String text) throws IOException {
    Path file = directory.resolve("monitor.properties");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
