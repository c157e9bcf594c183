package io.watershed.kit.cli;

import java.io.PrintStream;

/** A subcommand that parses its own arguments (the collector's benchmarks). */
@FunctionalInterface
public interface ArgumentsAction {
  /** Returns the exit code ({@link ExitCodes}). */
  int run(String[] arguments, PrintStream out, PrintStream err);
}
