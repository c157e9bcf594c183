package io.watershed.kit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/**
 * The {@code <config>} parameter of a subcommand written as a picocli class, first as in {@code run
 * <config>}: add it with {@code @Mixin ConfigFile config;} and number the command's own parameters
 * from 1.
 */
public final class ConfigFile {
  @Parameters(index = "0", paramLabel = "<config>", description = "the config file")
  private Path file;

  /** The config file named on the command line. */
  public Path file() {
    return file;
  }
}
