package io.watershed.bench.jobs;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.WholeNumber;
import io.watershed.bench.traffic.KafkaLoader;
import io.watershed.bench.traffic.UbcTraffic;
import io.watershed.jobs.JobsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench jobs}: loads generated UBC records into a fresh topic (unless {@code --topic} names
 * one), then runs {@link JobsBench} over it on an embedded MiniCluster.
 */
@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description =
        "The jobs' benchmark: generated records read by a pass-through job (the baseline),"
            + " ubc_parse, ubc_clean and the monitoring path, each on one core.")
public final class JobsCommand implements Callable<Integer> {
  /** Partitions of the loaded topic: the stack's raw topics have as many. */
  private static final int PARTITIONS = 2;

  @Spec CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The jobs' settings.")
  Path config = Path.of("var/jobs/jobs.properties");

  @Option(names = "--records", defaultValue = "200000", converter = WholeNumber.class)
  long records;

  @Option(
      names = "--pad",
      defaultValue = "0",
      converter = WholeNumber.class,
      description = "Bytes of padding per record (default: ${DEFAULT-VALUE}).")
  long pad;

  @Option(
      names = "--rate",
      defaultValue = "" + UbcTraffic.DEFAULT_RATE,
      converter = WholeNumber.class,
      description = "Records a second of action time (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(names = "--seed", defaultValue = "1", converter = WholeNumber.class)
  long seed;

  @Option(
      names = "--topic",
      description = "Bench an existing topic of --records raw UBC records instead of loading one.")
  String topic;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    JobsConfig jobs =
        JobsConfig.load(Path.of(System.getProperty("watershed.home", ".")), read(config));
    long count = atLeast("--records", records, 1);
    String benched = topic;
    if (benched == null) {
      benched = "ws.bench." + System.currentTimeMillis();
      UbcTraffic traffic =
          new UbcTraffic(
              new UbcTraffic.Options(
                  seed,
                  count,
                  0.02,
                  System.currentTimeMillis(),
                  5000,
                  (int) atLeast("--pad", pad, 0),
                  (int) atLeast("--rate", rate, 1)));
      long loaded = KafkaLoader.load(jobs.kafkaBootstrapServers(), benched, PARTITIONS, traffic);
      out.println("loaded " + loaded + " records into " + benched);
    }
    JobsBench bench = new JobsBench(jobs);
    List<JobsBench.Result> results = bench.run(benched, count, out);
    JobsBench.print(results, out);
    JobsBench.printSizes(bench.sizes(), out);
    return 0;
  }

  private static Map<String, String> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IOException("Cannot read the jobs' settings " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> settings.put(name, properties.getProperty(name)));
    return settings;
  }
}
