package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./watershed commands' command line; nothing here starts a component. */
class StackMainTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsEveryCommand() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(text(out))
        .contains("Usage: StackMain [-hV] [--config=FILE] [COMMAND]")
        .contains("up", "status", "down", "trino", "config", "gen", "lake", "validate", "keys");
  }

  @Test
  void lakeWithoutACatalogSaysWhatIsWrong() throws Exception {
    int port = TestStack.freePort(new java.util.HashSet<>());
    Path settings =
        Files.writeString(
            directory.resolve("stack.properties"),
            "stack.var-dir=%s\nstack.catalog-port=%d\n".formatted(directory.resolve("var"), port));
    assertThat(run("lake", "--config", settings.toString())).isEqualTo(ExitCodes.FAILED);
    assertThat(text(err))
        .contains(
            "Cannot read the lake's health: the catalog does not answer at http://127.0.0.1:"
                + port
                + "; run ./watershed up")
        .doesNotContain("\tat ", "Exception");
    err.reset();
    assertThat(run("lake", "vacuum", "--config", settings.toString())).isEqualTo(ExitCodes.FAILED);
    assertThat(text(err)).contains("Cannot run lake vacuum: unknown action");
  }

  @Test
  void configIsReadBeforeOrAfterTheCommand() throws Exception {
    Path settings =
        Files.writeString(directory.resolve("stack.properties"), "stack.kafka-port=19092\n");
    assertThat(run("--config", settings.toString(), "config")).isEqualTo(ExitCodes.OK);
    assertThat(text(out))
        .contains("kafka.bootstrap-servers=127.0.0.1:19092")
        .contains("monitor.ui=http://127.0.0.1:8070/ui/")
        .containsPattern("monitor.config-file=.*/monitor/monitor.properties")
        .doesNotContain(MonitorComponent.ADMIN_TOKEN);
    out.reset();
    assertThat(run("config", "--config", settings.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("kafka.bootstrap-servers=127.0.0.1:19092");
  }

  @Test
  void validateListsEveryBadSetting() throws Exception {
    Path settings =
        Files.writeString(
            directory.resolve("bad.properties"), "stack.kafka-port=x\nstack.nmae=typo\n");
    assertThat(run("validate", "--config", settings.toString()))
        .isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("Cannot load stack config " + settings + ": 2 error(s)")
        .contains("Cannot use stack.nmae=typo: unknown key")
        .doesNotContain("\tat ");
    assertThat(run("validate", "--config", directory.resolve("none").toString()))
        .isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Cannot read " + directory.resolve("none"));
  }

  @Test
  void keysListsTheSettings() {
    assertThat(run("keys")).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("| `stack.kafka-port` | int | `9092` |", "`jobs.*`");
  }

  @Test
  void mistakesAreUsageErrors() {
    assertThat(run("upp")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Unknown command 'upp'");
    err.reset();
    assertThat(run("gen", "--rat", "5")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("Unknown options: '--rat', '5'")
        .contains("Usage: StackMain gen");
    err.reset();
    assertThat(run("gen", "--count", "many")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("--count").contains("'many'");
  }

  private int run(String... args) {
    return StackMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
