package io.watershed.monitor;

import io.watershed.kit.cli.ExitCodes;
import io.watershed.kit.cli.ServiceCommandLine;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.rules.DemoRules;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor service's command line (service-kit's one shape): {@code run}, {@code validate} or
 * {@code seed-demo} with one config file, {@code keys} for the reference of the config keys.
 */
public final class MonitorMain {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorMain.class);

  private MonitorMain() {}

  public static void main(String[] args) {
    commandLine(System.out, System.err).main(args);
  }

  /**
   * Runs one command; returns the exit status ({@link ExitCodes}). {@code run} returns once
   * stopped.
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    return commandLine(out, err).execute(args);
  }

  private static ServiceCommandLine<MonitorConfig> commandLine(PrintStream out, PrintStream err) {
    return ServiceCommandLine.service(
            "watershed-monitor-service",
            "monitor service",
            MonitorMain.class,
            MonitorConfig::load,
            MonitorKeys::reference,
            out,
            err)
        .description("UBC metadata, dimension rules, collector configs and the agent fleet.")
        .run("migrate the database, then serve the API until stopped (SIGTERM)", MonitorMain::serve)
        .command(
            "seed-demo",
            "migrate the database and add the demo rules that are missing, then exit",
            config -> seedDemo(config, out));
  }

  private static int seedDemo(MonitorConfig config, PrintStream out) {
    try (MonitorDatabase database = MonitorServer.openDatabase(config)) {
      DemoRules.Seeded seeded = DemoRules.seed(database, new Metrics());
      out.println(
          "demo rules ready in %s: %d UBC ID(s) and %d dimension(s) added"
              .formatted(config.jdbcUrl(), seeded.ubcIds(), seeded.dimensions()));
      return ExitCodes.OK;
    }
  }

  private static int serve(MonitorConfig config) {
    MonitorServer server = MonitorServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("monitor service stopping");
                  server.close();
                  LOG.info("monitor service stopped");
                  stopped.countDown();
                },
                "monitor-shutdown"));
    LOG.info("monitor service listening on {} with {}", server.uri(), config);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }
}
