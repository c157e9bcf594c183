package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's command line: the config file first after each subcommand, as run elsewhere. */
class JobsMainTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void helpListsEverySubcommand() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);
    assertThat(text(out))
        .contains("Usage: JobsMain [-hV] [COMMAND]")
        .contains(
            "validate",
            "keys",
            "submit",
            "run",
            "explain",
            "list",
            "cancel",
            "savepoint",
            "resume");
  }

  @Test
  void keysPrintsTheGeneratedReference() {
    assertThat(run("keys")).isEqualTo(ExitCodes.OK);
    assertThat(text(out))
        .isEqualTo(JobsKeys.reference())
        .contains("| `jobs.checkpoint-interval` | duration | `30s` |")
        .contains("| `flink.*` | string | |");
  }

  @Test
  void validateAcceptsAGoodFileAndListsTheErrorsOfABadOne() throws Exception {
    Path good = Files.writeString(directory.resolve("ok.properties"), "jobs.parallelism=2\n");
    assertThat(run("validate", good.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("config " + good + " is valid");

    Path bad =
        Files.writeString(
            directory.resolve("bad.properties"), "jobs.parallelism=0\njobs.nmae=typo\n");
    assertThat(run("validate", bad.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("Cannot load jobs config " + bad + ": 2 error(s)")
        .contains("1. Cannot use jobs.parallelism=0: must be between 1 and 1024")
        .contains("2. Cannot use jobs.nmae=typo: unknown key")
        .doesNotContain("\tat ");
  }

  @Test
  void aJobCommandNeedsTheConfigAndAJob() throws Exception {
    Path config = Files.writeString(directory.resolve("ok.properties"), "");
    assertThat(run("submit", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("Missing required parameter: 'JOB'")
        .contains("Usage: JobsMain submit [-hV] [--from-scratch] [--max-rows=N] <config> JOB...");
    err.reset();
    assertThat(run("explain")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Missing required parameters: '<config>', 'JOB'");
  }

  @Test
  void aJobCommandLoadsItsConfigFirst() throws Exception {
    Path bad = Files.writeString(directory.resolve("bad.properties"), "jobs.parallelism=0\n");
    assertThat(run("explain", bad.toString(), "ubc_clean")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Cannot use jobs.parallelism=0").doesNotContain("\tat ");
  }

  @Test
  void theOldConfigOptionIsRefusedWithTheUsage() {
    assertThat(run("--config", "jobs.properties", "list")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Usage: JobsMain list [-hV] <config>");
  }

  @Test
  void unreadableConfigIsAConfigError() {
    assertThat(run("list", directory.resolve("none.properties").toString()))
        .isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Cannot read config file");
  }

  private int run(String... args) {
    return JobsMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
