package io.watershed.bench.query;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.BenchTrino;
import io.watershed.bench.WholeNumber;
import java.io.PrintWriter;
import java.net.URI;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench query}: the monitor's /v1/series answer time against the same SQL in Trino. */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    description =
        "Loads yesterday's (UTC) generated windows of one UBC ID into ubc.metrics_1m and"
            + " metrics_5m through Trino (or reuses them), then times GET /v1/series for the 24"
            + " hours with a filter and a one-dimension grouping, against the same SQL straight"
            + " through trino-jdbc, and prints p50, p95 and max of each.")
public final class QueryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--monitor", required = true, paramLabel = "URI", description = "The monitor.")
  URI monitor;

  @Option(names = "--trino", required = true, paramLabel = "URI", description = "Trino's HTTP.")
  URI trino;

  @Option(
      names = "--token",
      defaultValue = "${env:WATERSHED_MONITOR_TOKEN:-watershed-local-admin-token}",
      paramLabel = "TOKEN",
      description = "A monitor token with permission read (default: the local stack's admin).")
  String token;

  @Option(names = "--ubc", defaultValue = "bench_query", description = "The UBC ID to load.")
  String ubc;

  @Option(names = "--requests", defaultValue = "50", converter = WholeNumber.class)
  long requests;

  @Option(names = "--warmup", defaultValue = "5", converter = WholeNumber.class)
  long warmup;

  @Option(names = "--reload", description = "Write the day's windows again even if present.")
  boolean reload;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int measured = (int) atLeast("--requests", requests, 1);
    int warm = (int) atLeast("--warmup", warmup, 0);
    long day = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).toEpochMilli();
    try (Connection connection = BenchTrino.connect(trino)) {
      BenchWindows windows = new BenchWindows(connection, ubc, day);
      if (!reload && windows.present()) {
        out.printf("reusing the generated windows of %s on %s%n", ubc, BenchWindows.timestamp(day));
      } else {
        windows.load(out);
      }
      List<QueryBench.Path> paths =
          new QueryBench(monitor, token, connection, ubc, day).run(warm, measured, out);
      QueryBench.print(paths, out);
    }
    return 0;
  }
}
