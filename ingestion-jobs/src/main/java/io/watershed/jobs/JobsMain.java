package io.watershed.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;

/**
 * The ingestion-jobs runner: {@code submit <job>} (to the cluster; a running job of the same name
 * is left alone), {@code run <job>} (embedded MiniCluster, blocks), {@code list}, {@code cancel
 * <job>}, {@code validate}. Settings: {@code --config FILE} (properties) over the defaults.
 */
public final class JobsMain {
  private static final String FROM_SCRATCH = "--from-scratch";

  private JobsMain() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  static int run(List<String> arguments, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(arguments);
    Map<String, String> settings = new LinkedHashMap<>();
    int flag = args.indexOf("--config");
    try {
      if (flag >= 0 && flag + 1 < args.size()) {
        settings.putAll(read(Path.of(args.get(flag + 1))));
        args.remove(flag + 1);
        args.remove(flag);
      }
      if (args.isEmpty()) {
        err.println(usage());
        return 2;
      }
      JobsConfig config =
          JobsConfig.load(Path.of(System.getProperty("watershed.home", ".")), settings);
      String command = args.remove(0);
      FlinkRest rest = new FlinkRest(config.flinkRestAddress(), config.flinkRestPort());
      return switch (command) {
        case "keys" -> {
          for (JobsConfig.Key key : JobsConfig.Key.values()) {
            out.printf("%-32s [%s] %s%n", key.key(), key.defaultValue(), key.doc());
          }
          out.printf("%-32s %s%n", "flink.*", "passed to Flink without the prefix");
          yield 0;
        }
        case "validate" -> {
          out.println("config ok");
          yield 0;
        }
        case "submit" -> {
          boolean fromScratch = args.remove(FROM_SCRATCH);
          yield new JobLauncher(config, rest, out, err).submit(jobs(args), fromScratch);
        }
        case "run" -> {
          JobClient client = new JobsRunner(config).runEmbedded(job(args));
          out.println(
              "running " + config.jobName(args.get(0)) + " embedded as " + client.getJobID());
          client.getJobExecutionResult().get();
          yield 0;
        }
        case "explain" -> {
          out.println(new JobsRunner(config).explain(job(args)));
          yield 0;
        }
        case "list" -> {
          for (FlinkRest.Job job : rest.jobs()) {
            out.printf(
                "%-32s %-10s %s started %s%n",
                job.name(), job.state(), job.id(), Instant.ofEpochMilli(job.startTime()));
          }
          yield 0;
        }
        case "cancel" -> {
          for (String job : jobs(args)) {
            String name = config.jobName(job);
            Optional<FlinkRest.Job> running = rest.running(name);
            if (running.isEmpty()) {
              out.println(name + " is not running");
              continue;
            }
            String savepoints = new JobState(config.stateDirectory()).savepointDirectory(name);
            out.println(name + " " + rest.stop(running.get(), savepoints, Duration.ofMinutes(2)));
          }
          yield 0;
        }
        default -> {
          err.println("Unknown command '" + command + "'" + System.lineSeparator() + usage());
          yield 2;
        }
      };
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("Cannot run " + arguments + ": " + e);
      for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
        err.println("  caused by: " + cause);
      }
      return 1;
    }
  }

  private static List<String> jobs(List<String> args) {
    job(args);
    return List.copyOf(args);
  }

  private static String job(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("Cannot pick a job: name one, e.g. ubc_clean");
    }
    return args.get(0);
  }

  private static Map<String, String> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  private static String usage() {
    return """
        Usage: JobsMain [--config FILE] COMMAND
          submit JOB... [--from-scratch]
                        submit sql/jobs/JOB.sql to the Flink cluster (no-op when it runs already),
                        resuming from its newest checkpoint or savepoint under jobs.state-dir;
                        --from-scratch starts without state (its windows under-count: recorded)
          run JOB       run it on an embedded MiniCluster, until it ends
          explain JOB   print the job's optimized plan (operators, state, reused parts)
          list          the cluster's jobs
          cancel JOB... stop it with a savepoint (Iceberg commits what it holds; the next submit
                        resumes from it), else cancel (the retained checkpoint stays)
          validate      check the config
          keys          every config key, its default and what it does""";
  }
}
