package io.watershed.kit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version {@code --version} prints. */
final class Versions {
  private static final String RESOURCE = "version.properties";

  private Versions() {}

  /**
   * The {@code Implementation-Version} of the jar holding {@code mainClass}, else the version the
   * service kit was built as (the same: every module shares the project's version).
   */
  static String of(Class<?> mainClass) {
    String version = mainClass.getPackage().getImplementationVersion();
    if (version != null) {
      return version;
    }
    try (InputStream in = Versions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
