package io.watershed.infra.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds the java binaries the components run on. */
public final class JavaRuntimes {
  private JavaRuntimes() {}

  /** The JDK running the launcher: every component we build targets it (17+). */
  public static String current() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A JDK of at least {@code minimum} for Trino: the configured one, else {@code TRINO_JAVA_HOME},
   * else the newest under /usr/lib/jvm.
   */
  public static Path find(int minimum, Optional<Path> configured) {
    Optional<Path> explicit =
        configured.or(() -> Optional.ofNullable(System.getenv("TRINO_JAVA_HOME")).map(Path::of));
    if (explicit.isPresent()) {
      Path home = explicit.get();
      int version = featureVersion(home);
      if (version < minimum) {
        throw new IllegalStateException(
            "Cannot use JDK at %s for Trino: it is version %s, Trino needs %d or newer"
                .formatted(home, version < 0 ? "unknown" : version, minimum));
      }
      return home;
    }
    try (Stream<Path> homes = list(Path.of("/usr/lib/jvm"))) {
      return homes
          .filter(home -> featureVersion(home) >= minimum)
          .max(Comparator.comparingInt(JavaRuntimes::featureVersion))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      ("Cannot find a JDK %d+ for Trino: none under /usr/lib/jvm; install one"
                              + " (e.g. Temurin 25) and set TRINO_JAVA_HOME or"
                              + " stack.trino-java-home")
                          .formatted(minimum)));
    }
  }

  private static Stream<Path> list(Path directory) {
    try {
      return Files.isDirectory(directory) ? Files.list(directory) : Stream.empty();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  /** The JDK's feature version from its {@code release} file, or -1. */
  static int featureVersion(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
      return -1;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      properties.load(in);
    } catch (IOException e) {
      return -1;
    }
    String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
    List<String> parts = List.of(version.split("[.+-]"));
    try {
      return parts.isEmpty() ? -1 : Integer.parseInt(parts.get(0));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
