package io.watershed.kit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one command line shape: standard subcommands, exit codes, messages without stack traces. */
class ServiceCommandLineTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<String> ran = new ArrayList<>();

  @Test
  void helpListsTheStandardSubcommands() {
    assertThat(execute("--help")).isEqualTo(ExitCodes.OK);
    assertThat(out())
        .contains("Usage: watershed-demo [-hV] [COMMAND]")
        .contains("A demo service.")
        .contains("run       serve until stopped")
        .contains("validate  check the config file and list every error, numbered")
        .contains("keys      print the reference of the config keys")
        .contains("init      prepare, then exit")
        .contains("--version");
    assertThat(err()).isEmpty();
  }

  @Test
  void versionPrintsTheProjectVersion() {
    assertThat(execute("--version")).isEqualTo(ExitCodes.OK);
    assertThat(out()).startsWith("watershed-demo ").doesNotContain("unknown").doesNotContain("${");
    assertThat(out().strip().substring("watershed-demo ".length())).matches("\\d+\\.\\d+.*");
  }

  @Test
  void unknownSubcommandIsNamedWithTheUsage() {
    assertThat(execute("serve", "x.properties")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err())
        .contains("Unknown command 'serve' of watershed-demo: one of run, validate, keys, init")
        .contains("Usage: watershed-demo")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void noSubcommandAndMissingConfigAreUsageErrors() {
    assertThat(execute()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err()).contains("Missing required subcommand").contains("Usage: watershed-demo");
    err.reset();
    assertThat(execute("run")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err())
        .contains("Missing required parameter: '<config>'")
        .contains("Usage: watershed-demo run");
    assertThat(ran).isEmpty();
  }

  @Test
  void validateListsEveryErrorNumbered() throws IOException {
    Path bad = Files.writeString(directory.resolve("bad.properties"), "bad one\nok\nbad two\n");
    assertThat(execute("validate", bad.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(err())
        .contains("Cannot load demo config " + bad + ": 2 error(s)")
        .contains("  1. Cannot use bad one: bad")
        .contains("  2. Cannot use bad two: bad")
        .doesNotContain("Usage:");
  }

  @Test
  void validateAcceptsAGoodFileAndPrintsItsWarnings() throws IOException {
    Path good = Files.writeString(directory.resolve("ok.properties"), "ok\nold\n");
    assertThat(execute("validate", good.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out())
        .contains("config " + good + " is valid: [ok, old]")
        .contains("warning: old is deprecated");
  }

  @Test
  void runLoadsTheConfigFirstAndFailuresExitOne() throws IOException {
    Path bad = Files.writeString(directory.resolve("bad.properties"), "bad\n");
    assertThat(execute("run", bad.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(ran).isEmpty();

    Path failing = Files.writeString(directory.resolve("fail.properties"), "fail\n");
    assertThat(execute("init", failing.toString())).isEqualTo(ExitCodes.FAILED);
    assertThat(err())
        .contains("Cannot init demo service: Cannot reach the database")
        .contains("  caused by: refused")
        .doesNotContain("\tat ");

    Path good = Files.writeString(directory.resolve("ok.properties"), "ok\n");
    assertThat(execute("run", good.toString())).isEqualTo(ExitCodes.OK);
    assertThat(ran).containsExactly("run [ok]");
  }

  @Test
  void keysPrintsTheReference() {
    assertThat(execute("keys")).isEqualTo(ExitCodes.OK);
    assertThat(out()).isEqualTo("| key | doc |\n");
  }

  @Test
  void passThroughGetsItsArgumentsUnparsed() {
    List<String> seen = new ArrayList<>();
    int status =
        commandLine()
            .passThrough(
                "bench",
                "measure",
                (arguments, out, err) -> {
                  seen.addAll(List.of(arguments));
                  return ExitCodes.OK;
                })
            .execute("bench", "--records", "10", "@file", "--help", "x");
    assertThat(status).isEqualTo(ExitCodes.OK);
    assertThat(seen).containsExactly("--records", "10", "@file", "--help", "x");
  }

  private int execute(String... arguments) {
    return commandLine().execute(arguments);
  }

  private ServiceCommandLine<List<String>> commandLine() {
    return ServiceCommandLine.service(
            "watershed-demo",
            "demo service",
            ServiceCommandLineTest.class,
            ServiceCommandLineTest::load,
            () -> "| key | doc |\n",
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .description("A demo service.")
        .run(
            "serve until stopped",
            config -> {
              ran.add("run " + config);
              return ExitCodes.OK;
            })
        .warnings(config -> config.contains("old") ? List.of("old is deprecated") : List.of())
        .command(
            "init",
            "prepare, then exit",
            config -> {
              if (config.contains("fail")) {
                throw new IllegalStateException(
                    "Cannot reach the database", new IOException("refused"));
              }
              return ExitCodes.OK;
            });
  }

  private static List<String> load(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      List<String> errors =
          lines.stream()
              .filter(line -> line.startsWith("bad"))
              .map(line -> "Cannot use " + line + ": bad")
              .toList();
      if (!errors.isEmpty()) {
        throw new ConfigException("demo", file.toString(), errors);
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
