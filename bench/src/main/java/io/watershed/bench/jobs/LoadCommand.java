package io.watershed.bench.jobs;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.WholeNumber;
import io.watershed.bench.traffic.KafkaLoader;
import io.watershed.bench.traffic.UbcTraffic;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench load}: generated UBC records (2 % invalid) straight into a new Kafka topic with the
 * intake's provenance headers: the input of {@code bench jobs}. Its own command because it runs on
 * the bench's classpath (kafka-clients), the jobs' bench on the job jar's and Flink's.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = "Generated UBC records straight into a new Kafka topic (bench jobs' input).")
public final class LoadCommand implements Callable<Integer> {
  /** Partitions of the topic: the stack's raw topics have as many. */
  private static final int PARTITIONS = 2;

  @Spec CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT")
  String bootstrap;

  @Option(names = "--topic", required = true)
  String topic;

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

  @Override
  public Integer call() throws Exception {
    UbcTraffic traffic =
        new UbcTraffic(
            new UbcTraffic.Options(
                seed,
                atLeast("--records", records, 1),
                0.02,
                System.currentTimeMillis(),
                5000,
                (int) atLeast("--pad", pad, 0),
                (int) atLeast("--rate", rate, 1)));
    long loaded = KafkaLoader.load(bootstrap, topic, PARTITIONS, traffic);
    spec.commandLine().getOut().println("loaded " + loaded + " records into " + topic);
    return 0;
  }
}
