package io.watershed.bench;

import io.watershed.bench.agent.AgentCommand;
import io.watershed.bench.freshness.FreshnessCommand;
import io.watershed.bench.intake.IntakeCommand;
import io.watershed.bench.jobs.JobsCommand;
import io.watershed.bench.jobs.LoadCommand;
import io.watershed.bench.lake.LakeCommand;
import io.watershed.bench.query.QueryCommand;
import io.watershed.kit.config.ConfigException;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The benchmarks' command line, run by {@code ./watershed bench}: {@code agent}, {@code intake},
 * {@code load} (its input) and {@code jobs}, {@code freshness}, {@code query}; {@code --help} on
 * each lists its options. A bad option exits 2 with the usage, a failed run 1.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Watershed's benchmarks: each prints a table; none asserts a timing.",
    subcommands = {
      AgentCommand.class,
      IntakeCommand.class,
      LoadCommand.class,
      JobsCommand.class,
      FreshnessCommand.class,
      QueryCommand.class,
      LakeCommand.class
    })
public final class BenchMain implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(BenchMain.class);

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, with the bench's handling of failures. */
  public static CommandLine commandLine() {
    return new CommandLine(new BenchMain()).setExecutionExceptionHandler(BenchMain::failed);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Cannot bench: name a bench");
  }

  private static int failed(Exception error, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    String name = command.getCommandSpec().qualifiedName(" ");
    if (error instanceof ConfigException) {
      err.println(error.getMessage());
      return 2;
    }
    if (error instanceof IllegalArgumentException) {
      err.println(error.getMessage());
      command.usage(err);
      return 2;
    }
    // the message and its causes; the stack trace is the log's (a bench's log is its stderr file)
    StringBuilder message = new StringBuilder("Cannot run " + name + ": " + error.getMessage());
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      message.append("; caused by: ").append(cause.getMessage());
    }
    err.println(message);
    LOG.debug("Bench {} failed", name, error);
    return 1;
  }
}
