package io.watershed.bench.intake;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.WholeNumber;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench intake}: the HTTP intake against kafka-clients straight to Kafka. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    description =
        "The same UBC records into Kafka three ways: kafka-clients (the baseline), the HTTP"
            + " intake with JSON lines, and with gzip JSON lines; prints a Markdown table.")
public final class IntakeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT")
  String bootstrap;

  @Option(names = "--records", defaultValue = "200000", converter = WholeNumber.class)
  long records;

  @Option(
      names = "--rate",
      defaultValue = "20000",
      converter = WholeNumber.class,
      description = "Records a second, 0 = unthrottled (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(
      names = "--batch",
      defaultValue = "100",
      converter = WholeNumber.class,
      description = "Records per request (default: ${DEFAULT-VALUE}).")
  long batch;

  @Option(
      names = "--concurrency",
      defaultValue = "16",
      converter = WholeNumber.class,
      description = "Requests in flight (default: ${DEFAULT-VALUE}).")
  long concurrency;

  @Option(names = "--record-bytes", defaultValue = "1024", converter = WholeNumber.class)
  long recordBytes;

  @Override
  public Integer call() throws Exception {
    IntakeBench.run(options(), spec.commandLine().getOut());
    return 0;
  }

  /** The options, checked; throws IllegalArgumentException naming the bad one. */
  IntakeBenchOptions options() {
    return new IntakeBenchOptions(
        bootstrap,
        (int) atLeast("--records", records, 1),
        (int) atLeast("--rate", rate, 0),
        (int) atLeast("--batch", batch, 1),
        (int) atLeast("--concurrency", concurrency, 1),
        (int) atLeast("--record-bytes", recordBytes, 300));
  }
}
