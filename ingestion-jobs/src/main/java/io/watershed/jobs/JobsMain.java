package io.watershed.jobs;

import io.watershed.kit.cli.ConfigLoader;
import io.watershed.kit.cli.ExitCodes;
import io.watershed.kit.cli.ServiceCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

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
            "JobsMain", "jobs", JobsMain.class, loader, JobsMain::keys, out, err)
        .description(
            "Runs the SQL jobs of sql/jobs on the Flink cluster or an embedded MiniCluster.")
        // JobsConfig and the job launcher report bad settings and bad names this way.
        .configErrors(IllegalArgumentException.class)
        .command("submit", new JobsCommands.Submit(loader, out, err))
        .command("run", new JobsCommands.RunEmbedded(loader, out))
        .command("explain", new JobsCommands.Explain(loader, out))
        .command("list", "the cluster's jobs", config -> list(config, out))
        .command("cancel", new JobsCommands.Cancel(loader, out));
  }

  private static int list(JobsConfig config, PrintStream out) throws IOException {
    for (FlinkRest.Job job : JobsCommands.rest(config).jobs()) {
      out.printf(
          "%-32s %-10s %s started %s%n",
          job.name(), job.state(), job.id(), Instant.ofEpochMilli(job.startTime()));
    }
    return ExitCodes.OK;
  }

  private static String keys() {
    StringBuilder text = new StringBuilder();
    for (JobsConfig.Key key : JobsConfig.Key.values()) {
      text.append("%-32s [%s] %s%n".formatted(key.key(), key.defaultValue(), key.doc()));
    }
    text.append("%-32s %s%n".formatted("flink.*", "passed to Flink without the prefix"));
    return text.toString();
  }

  /** The settings of {@code file} over the defaults; relative paths against watershed.home. */
  private static JobsConfig load(Path file) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read jobs config " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> settings.put(name, properties.getProperty(name)));
    return JobsConfig.load(Path.of(System.getProperty("watershed.home", ".")), settings);
  }
}
