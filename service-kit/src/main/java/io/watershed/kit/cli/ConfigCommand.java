package io.watershed.kit.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A subcommand of one config file: {@code run <config>}, {@code validate <config>}, ... */
@Command(mixinStandardHelpOptions = true)
final class ConfigCommand<C> implements Callable<Integer> {
  /** What the subcommand does with the file and what was loaded from it. */
  @FunctionalInterface
  interface FileAction<C> {
    int run(Path file, C config) throws Exception;
  }

  @Parameters(paramLabel = "<config>", description = "the config file")
  private Path file;

  private final ConfigLoader<C> loader;
  private final FileAction<C> action;

  ConfigCommand(ConfigLoader<C> loader, FileAction<C> action) {
    this.loader = requireNonNull(loader, "loader is null");
    this.action = requireNonNull(action, "action is null");
  }

  @Override
  public Integer call() throws Exception {
    return action.run(file, loader.load(file));
  }
}
