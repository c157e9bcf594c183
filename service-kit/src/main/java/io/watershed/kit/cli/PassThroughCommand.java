package io.watershed.kit.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * A subcommand whose arguments, options and {@code --help} included, go unparsed to an action that
 * reads them itself.
 */
@Command
final class PassThroughCommand implements Callable<Integer> {
  @Unmatched private final List<String> arguments = new ArrayList<>();

  private final ArgumentsAction action;
  private final PrintStream out;
  private final PrintStream err;

  PassThroughCommand(ArgumentsAction action, PrintStream out, PrintStream err) {
    this.action = requireNonNull(action, "action is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
  }

  @Override
  public Integer call() {
    return action.run(arguments.toArray(String[]::new), out, err);
  }
}
