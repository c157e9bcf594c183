package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogMainTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void validateAcceptsAGoodConfig() throws Exception {
    Path config = Files.writeString(directory.resolve("ok.properties"), "catalog.http-port=9000\n");

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("is valid").contains("httpPort=9000");
  }

  @Test
  void validatePrintsNumberedErrors() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("bad.properties"), "catalog.http-port=x\ncatalog.threads=0\n");

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("2 error(s)")
        .contains("  1. Cannot use catalog.http-port=x: must be an integer")
        .contains("  2. Cannot use catalog.threads=0: must be between 1 and 256");
  }

  @Test
  void keysPrintsTheReference() {
    assertThat(run("keys")).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("`catalog.warehouse`");
  }

  @Test
  void unknownCommandPrintsUsage() {
    assertThat(run("serve", "x.properties")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(run()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("Unknown command 'serve'").contains("Usage: watershed-catalog");
  }

  private int run(String... args) {
    return CatalogMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
