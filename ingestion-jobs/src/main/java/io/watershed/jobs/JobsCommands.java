package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.cli.ConfigFile;
import io.watershed.kit.cli.ConfigLoader;
import io.watershed.kit.cli.ExitCodes;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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

  static final String JOB_DESCRIPTION =
      "a job of sql/jobs (ubc_clean) or the path of any .sql file (its name is the file's name)";

  @Command(
      mixinStandardHelpOptions = true,
      description = {
        "submit jobs to the Flink cluster (no-op when one runs already): a streaming job resumes"
            + " from its newest checkpoint or savepoint under jobs.state-dir, a batch script (SET"
            + " 'execution.runtime-mode' = 'batch') runs to its end, a script whose one statement"
            + " is a query prints its rows as they come"
      })
  static final class Submit extends ConfiguredCommand {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "JOB", description = JOB_DESCRIPTION)
    private List<String> jobs;

    @Option(
        names = "--from-scratch",
        description = "start without state (its windows under-count: recorded)")
    private boolean fromScratch;

    @Option(
        names = "--max-rows",
        paramLabel = "N",
        description = "a query: stop after N rows (default: until its input ends or Ctrl-C)")
    private Long maxRows;

    private final PrintStream err;

    Submit(ConfigLoader<JobsConfig> loader, PrintStream out, PrintStream err) {
      super(loader, out);
      this.err = requireNonNull(err, "err is null");
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      return new JobLauncher(config, rest(config), out, err)
          .submit(
              jobs,
              fromScratch,
              Optional.empty(),
              maxRows == null ? OptionalLong.empty() : OptionalLong.of(maxRows));
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = {
        "resume a stopped job from a savepoint or checkpoint: the one given, else its newest;"
            + " refuses to start one that has no saved state (submit starts it)"
      })
  static final class Resume extends ConfiguredCommand {
    @Parameters(index = "1", paramLabel = "JOB", description = JOB_DESCRIPTION)
    private String job;

    @Option(
        names = "--from",
        paramLabel = "PATH",
        description = "a savepoint or checkpoint directory (hdfs://... or file:/...)")
    private String from;

    private final PrintStream err;

    Resume(ConfigLoader<JobsConfig> loader, PrintStream out, PrintStream err) {
      super(loader, out);
      this.err = requireNonNull(err, "err is null");
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      String name = name(config, job);
      if (from == null && new JobState(config.stateDirectory()).latest(name).isEmpty()) {
        err.println(
            "Cannot resume %s: it has no checkpoint or savepoint under %s; submit starts it"
                .formatted(name, config.stateDirectory()));
        return ExitCodes.FAILED;
      }
      return new JobLauncher(config, rest(config), out, err)
          .submit(List.of(job), false, Optional.ofNullable(from), OptionalLong.empty());
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "take a savepoint of running jobs and leave them running; prints where it is")
  static final class Savepoint extends ConfiguredCommand {
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "JOB", description = JOB_DESCRIPTION)
    private List<String> jobs;

    Savepoint(ConfigLoader<JobsConfig> loader, PrintStream out) {
      super(loader, out);
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      FlinkRest rest = rest(config);
      int exit = ExitCodes.OK;
      for (String job : jobs) {
        String name = name(config, job);
        Optional<FlinkRest.Job> running = rest.running(name);
        if (running.isEmpty()) {
          out.println(name + " is not running");
          exit = ExitCodes.FAILED;
          continue;
        }
        String directory = new JobState(config.stateDirectory()).savepointDirectory(name);
        out.println(
            name + " savepoint " + rest.savepoint(running.get(), directory, Duration.ofMinutes(2)));
      }
      return exit;
    }
  }

  /** The Flink job name of a job reference (a job of sql/jobs or a .sql path). */
  static String name(JobsConfig config, String job) {
    Path base = Path.of(System.getProperty("watershed.caller-dir", "."));
    return config.jobName(new JobsRunner(config).script(job, base).job());
  }

  @Command(
      mixinStandardHelpOptions = true,
      description = "run the job on an embedded MiniCluster, until it ends")
  static final class RunEmbedded extends ConfiguredCommand {
    @Parameters(index = "1", paramLabel = "JOB", description = JOB_DESCRIPTION)
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
    @Parameters(index = "1", paramLabel = "JOB", description = JOB_DESCRIPTION)
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
    @Parameters(index = "1..*", arity = "1..*", paramLabel = "JOB", description = JOB_DESCRIPTION)
    private List<String> jobs;

    Cancel(ConfigLoader<JobsConfig> loader, PrintStream out) {
      super(loader, out);
    }

    @Override
    public Integer call() throws Exception {
      JobsConfig config = config();
      FlinkRest rest = rest(config);
      for (String job : jobs) {
        String name = name(config, job);
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
