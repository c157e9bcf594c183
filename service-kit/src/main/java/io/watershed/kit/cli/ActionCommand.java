package io.watershed.kit.cli;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** A subcommand without parameters, such as {@code keys}. */
@Command(mixinStandardHelpOptions = true)
final class ActionCommand implements Callable<Integer> {
  private final Callable<Integer> action;

  ActionCommand(Callable<Integer> action) {
    this.action = requireNonNull(action, "action is null");
  }

  @Override
  public Integer call() throws Exception {
    return action.call();
  }
}
