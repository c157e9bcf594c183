package io.watershed.udfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared UBC fixtures of sql/fixtures/ubc (the contract every side tests against): public in
 * the test-jar, so the Trino functions' tests read the very same files the same way.
 */
public final class Fixtures {
  private Fixtures() {}

  public static Path directory() {
    Path directory = Path.of("").toAbsolutePath();
    while (directory != null && !Files.isDirectory(directory.resolve("sql/fixtures/ubc"))) {
      directory = directory.getParent();
    }
    if (directory == null) {
      throw new IllegalStateException(
          "Cannot find sql/fixtures/ubc above " + Path.of("").toAbsolutePath());
    }
    return directory.resolve("sql/fixtures/ubc");
  }

  public static List<String> validLines() {
    return read("valid.jsonl");
  }

  /** Pairs of expected reason code and raw line. */
  public static List<String[]> rejects() {
    return read("rejects.tsv").stream().map(line -> line.split("\t", 2)).toList();
  }

  private static List<String> read(String name) {
    try {
      return Files.readAllLines(directory().resolve(name), StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
