package io.watershed.kit.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** A subcommand that prints a text, such as {@code keys} the key reference. */
@Command(mixinStandardHelpOptions = true)
final class TextCommand implements Callable<Integer> {
  private final Supplier<String> text;
  private final PrintStream out;

  TextCommand(Supplier<String> text, PrintStream out) {
    this.text = requireNonNull(text, "text is null");
    this.out = requireNonNull(out, "out is null");
  }

  @Override
  public Integer call() {
    out.print(text.get());
    out.flush();
    return ExitCodes.OK;
  }
}
