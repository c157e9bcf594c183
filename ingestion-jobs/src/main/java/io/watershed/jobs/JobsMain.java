package io.watershed.jobs;

import io.watershed.kit.cli.ConfigLoader;
import io.watershed.kit.cli.ExitCodes;
import io.watershed.kit.cli.ServiceCommandLine;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The ingestion-jobs runner, in the service kit's one command-line shape: each subcommand takes the
 * config file (properties over the defaults) first, as {@code run <config>} does elsewhere: {@code
 * submit <config> JOB...} (to the cluster; a running job of the same name is left alone), {@code
 * run <config> JOB} (embedded MiniCluster, blocks), {@code explain}, {@code list}, {@code cancel},
 * {@code validate <config>} and {@code keys}; the benchmark is the bench module's.
 */
public final class JobsMain {
  private JobsMain() {}

  public static void main(String[] args) {
    commandLine(System.out, System.err).main(args);
  }

  /** Runs one command; returns the exit status ({@link ExitCodes}). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  private static ServiceCommandLine<JobsConfig> commandLine(PrintStream out, PrintStream err) {
    ConfigLoader<JobsConfig> loader = JobsMain::load;
    return ServiceCommandLine.service(
            "JobsMain", "jobs", JobsMain.class, loader, JobsKeys::reference, out, err)
        .description(
            "Runs SQL scripts (the jobs of sql/jobs or any .sql file) on the Flink cluster or an"
                + " embedded MiniCluster.")
        .command("submit", new JobsCommands.Submit(loader, out, err))
        .command("run", new JobsCommands.RunEmbedded(loader, out))
        .command("explain", new JobsCommands.Explain(loader, out))
        .command("list", "the cluster's jobs", config -> list(config, out))
        .command("cancel", new JobsCommands.Cancel(loader, out))
        .command("savepoint", new JobsCommands.Savepoint(loader, out))
        .command("resume", new JobsCommands.Resume(loader, out, err))
        .command("backfill", new Backfill(loader, out, err, Clock.systemUTC()))
        .command("remap-stage", new RemapStage(loader, out, err));
  }

  private static int list(JobsConfig config, PrintStream out) throws IOException {
    for (FlinkRest.Job job : JobsCommands.rest(config).jobs()) {
      out.printf(
          "%-32s %-10s %s started %s%n",
          job.name(), job.state(), job.id(), Instant.ofEpochMilli(job.startTime()));
    }
    return ExitCodes.OK;
  }

  /** The settings of {@code file} over the defaults; relative paths against watershed.home. */
  private static JobsConfig load(Path file) {
    return JobsConfig.load(Path.of(System.getProperty("watershed.home", ".")), file);
  }
}
