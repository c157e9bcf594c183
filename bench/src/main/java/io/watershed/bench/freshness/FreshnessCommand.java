package io.watershed.bench.freshness;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.WholeNumber;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench freshness}: how long posted events take to show in the minute windows. */
@Command(
    name = "freshness",
    mixinStandardHelpOptions = true,
    description =
        "Posts real-time traffic for --minutes (+ 2) to a running stack and prints how long"
            + " events take to show in ubc.metrics_1m through Trino (p50, p95, max).")
public final class FreshnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--intake", required = true, paramLabel = "URI", description = "The intake.")
  URI intake;

  @Option(names = "--trino", required = true, paramLabel = "URI", description = "Trino's HTTP.")
  URI trino;

  @Option(names = "--minutes", defaultValue = "4", converter = WholeNumber.class)
  long minutes;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String jdbc = "jdbc:trino://" + trino.getHost() + ":" + trino.getPort() + "/lake";
    Freshness.Result result =
        new Freshness(intake.toString(), jdbc)
            .run(Duration.ofMinutes(atLeast("--minutes", minutes, 1)), Duration.ofMinutes(2), out);
    Freshness.print(result, out);
    return 0;
  }
}
