package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.cli.ConfigFile;
import io.watershed.kit.cli.ConfigLoader;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The runner's subcommands that take jobs or other arguments after {@code <config>}. */
final class JobsCommands {
  private JobsCommands() {}

  static FlinkRest rest(JobsConfig config) {
    return new FlinkRest(config.flinkRestAddress(), config.flinkRestPort());
  }

  /** A subcommand of the config file and more: {@code <config>} is its first parameter. */
  abstract static class ConfiguredCommand implements Callable<Integer> {
    @Mixin private ConfigFile file;

    private final ConfigLoader<JobsConfig> loader;
    final PrintStream out;

    ConfiguredCommand(ConfigLoader<JobsConfig> loader, PrintStream out) {
      this.loader = requireNonNull(loader, "loader is null");
      this.out = requireNonNull(out, "out is null");
    }

    JobsConfig config() {
      return loader.load(file.file());
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = {
        "submit sql/jobs/JOB.sql to the Flink cluster (no-op when it runs already), resuming from"
            + " its newest checkpoint or savepoint under jobs.state-dir"
      })
  static final class Submit extends ConfiguredCommand {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "JOB", description = "e.g. ubc_clean")
    private List<String> jobs;

    @Option(
        names = "--from-scratch",
        description = "start without state (its windows under-count: recorded)")
    private boolean fromScratch;

    private final PrintStream err;

    Submit(ConfigLoader<JobsConfig> loader, PrintStream out, PrintStream err) {
      super(loader, out);
      this.err = requireNonNull(err, "err is null");
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      return new JobLauncher(config, rest(config), out, err).submit(jobs, fromScratch);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "run the job on an embedded MiniCluster, until it ends")
  static final class RunEmbedded extends ConfiguredCommand {
    @Parameters(index = "1", paramLabel = "JOB", description = "e.g. ubc_clean")
    private String job;

    RunEmbedded(ConfigLoader<JobsConfig> loader, PrintStream out) {
      super(loader, out);
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      JobClient client = new JobsRunner(config).runEmbedded(job);
      out.println("running " + config.jobName(job) + " embedded as " + client.getJobID());
      client.getJobExecutionResult().get();
      return ExitCodes.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "print the job's optimized plan (operators, state, reused parts)")
  static final class Explain extends ConfiguredCommand {
    @Parameters(index = "1", paramLabel = "JOB", description = "e.g. ubc_clean")
    private String job;

    Explain(ConfigLoader<JobsConfig> loader, PrintStream out) {
      super(loader, out);
    }

    @Override
    public Integer call() throws Exception {
      out.println(new JobsRunner(config()).explain(job));
      return ExitCodes.OK;
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = {
        "stop the jobs with a savepoint (Iceberg commits what it holds; the next submit resumes"
            + " from it), else cancel them (the retained checkpoint stays)"
      })
  static final class Cancel extends ConfiguredCommand {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "JOB", description = "e.g. ubc_clean")
    private List<String> jobs;

    Cancel(ConfigLoader<JobsConfig> loader, PrintStream out) {
      super(loader, out);
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      FlinkRest rest = rest(config);
      for (String job : jobs) {
        String name = config.jobName(job);
        Optional<FlinkRest.Job> running = rest.running(name);
        if (running.isEmpty()) {
          out.println(name + " is not running");
          continue;
        }
        String savepoints = new JobState(config.stateDirectory()).savepointDirectory(name);
        out.println(name + " " + rest.stop(running.get(), savepoints, Duration.ofMinutes(2)));
      }
      return ExitCodes.OK;
    }
  }
}
