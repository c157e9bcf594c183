package io.watershed.infra;

import io.watershed.kit.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the stack's settings come from: {@code --config FILE}, before or after the subcommand, else
 * the file named by {@code WATERSHED_CONFIG}, over the defaults.
 */
final class StackSettings {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "settings (properties, keys: the keys command) over the defaults;"
              + " default: the file named by WATERSHED_CONFIG")
  private String file;

  /** The file the settings come from, or "the defaults". */
  String source() {
    String named = named();
    return named == null ? "the defaults" : named;
  }

  /** Loads the settings; a bad file throws {@link ConfigException}. */
  StackConfig load() {
    return StackConfig.load(
        Path.of(System.getProperty("watershed.home", ".")), source(), read(named()));
  }

  private String named() {
    String named = file != null ? file : System.getenv("WATERSHED_CONFIG");
    return named == null || named.isBlank() ? null : named;
  }

  private static Map<String, String> read(String file) {
    if (file == null) {
      return Map.of();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      properties.load(in);
    } catch (IOException e) {
      throw new ConfigException(
          "stack", file, List.of("Cannot read " + file + ": " + e.getMessage()));
    }
    return StackConfig.readProperties(properties);
  }
}
