package io.watershed.bench.jobs;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.WholeNumber;
import io.watershed.jobs.JobsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench jobs}: {@link JobsBench} over a topic of raw UBC records ({@code bench load} fills
 * one) on an embedded MiniCluster. Runs beside the shaded job jar and Flink's lib/.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description =
        "The jobs' benchmark: generated records read by a pass-through job (the baseline),"
            + " ubc_parse, ubc_clean and the monitoring path, each on one core.")
public final class JobsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The jobs' settings.")
  Path config = Path.of("var/jobs/jobs.properties");

  @Option(names = "--topic", required = true, description = "A topic of raw UBC records.")
  String topic;

  @Option(
      names = "--records",
      defaultValue = "200000",
      converter = WholeNumber.class,
      description = "How many records the topic holds (default: ${DEFAULT-VALUE}).")
  long records;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JobsConfig jobs = JobsConfig.load(Path.of(System.getProperty("watershed.home", ".")), config);
    long count = atLeast("--records", records, 1);
    JobsBench bench = new JobsBench(jobs);
    List<JobsBench.Result> results = bench.run(topic, count, out);
    JobsBench.print(results, out);
    JobsBench.printSizes(bench.sizes(), out);
    return 0;
  }
}
