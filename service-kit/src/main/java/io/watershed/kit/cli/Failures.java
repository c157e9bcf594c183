package io.watershed.kit.cli;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a command line ends in error: a usage mistake prints one sentence and the usage (exit 2), a
 * config error its numbered list (exit 2), a failure "Cannot &lt;command&gt; &lt;subject&gt;:
 * reason" and its causes (exit 1). None prints a stack trace; the log keeps a failure's.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

  private final String subject;
  private final List<Class<? extends Exception>> configErrors;

  Failures(String subject, List<Class<? extends Exception>> configErrors) {
    this.subject = requireNonNull(subject, "subject is null");
    this.configErrors = List.copyOf(configErrors);
  }

  @Override
  public int handleParseException(ParameterException e, String[] arguments) {
    CommandLine line = e.getCommandLine();
    PrintWriter err = line.getErr();
    err.println(message(e));
    line.usage(err);
    err.flush();
    return ExitCodes.USAGE_OR_CONFIG;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine line, ParseResult parsed) {
    PrintWriter err = line.getErr();
    if (configErrors.stream().anyMatch(type -> type.isInstance(e))) {
      err.println(e.getMessage());
      err.flush();
      return ExitCodes.USAGE_OR_CONFIG;
    }
    String command = line.getCommandName();
    LOG.error("Cannot {} {}: {}", command, subject, e.getMessage(), e);
    err.println("Cannot " + command + " " + subject + ": " + e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      err.println("  caused by: " + cause.getMessage());
    }
    err.flush();
    return ExitCodes.FAILED;
  }

  /** picocli's message, but an unknown word where a subcommand belongs is named as one. */
  private static String message(ParameterException e) {
    if (e instanceof UnmatchedArgumentException unmatched
        && !e.getCommandLine().getSubcommands().isEmpty()
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      return "Unknown command '%s' of %s: one of %s"
          .formatted(
              unmatched.getUnmatched().get(0),
              e.getCommandLine().getCommandName(),
              String.join(", ", e.getCommandLine().getSubcommands().keySet()));
    }
    return e.getMessage();
  }
}
