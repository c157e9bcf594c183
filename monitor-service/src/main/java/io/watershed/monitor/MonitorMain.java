package io.watershed.monitor;

import io.watershed.kit.config.ConfigException;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.rules.DemoRules;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor service's command line: {@code run}, {@code validate} or {@code seed-demo} with one
 * config file, or {@code keys} for the reference of the config keys.
 */
public final class MonitorMain {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorMain.class);

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE_OR_CONFIG = 2;

  private static final String USAGE =
      """
      usage: watershed-monitor-service <command> [config.properties]
        run <config>        migrate the database, then serve the API until stopped (SIGTERM)
        validate <config>   check the config file and list every error
        seed-demo <config>  migrate the database and add the demo rules that are missing, then exit
        keys                print the reference of the config keys
      """;

  private MonitorMain() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != OK || !(args.length > 0 && args[0].equals("run"))) {
      System.exit(status);
    }
  }

  /** Runs one command; returns the exit status. {@code run} returns only once stopped. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("keys")) {
      out.print(MonitorKeys.reference());
      return OK;
    }
    if (args.length != 2
        || !(args[0].equals("run") || args[0].equals("validate") || args[0].equals("seed-demo"))) {
      err.print(USAGE);
      return USAGE_OR_CONFIG;
    }
    MonitorConfig config;
    try {
      config = MonitorConfig.load(Path.of(args[1]));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return USAGE_OR_CONFIG;
    }
    try {
      return switch (args[0]) {
        case "validate" -> {
          out.println("config " + args[1] + " is valid: " + config);
          yield OK;
        }
        case "seed-demo" -> seedDemo(config, out);
        default -> serve(config);
      };
    } catch (RuntimeException e) {
      LOG.error("Cannot {} monitor service: {}", args[0], e.getMessage(), e);
      err.println("Cannot " + args[0] + " monitor service: " + e.getMessage());
      return FAILED;
    }
  }

  private static int seedDemo(MonitorConfig config, PrintStream out) {
    try (MonitorDatabase database = MonitorServer.openDatabase(config)) {
      DemoRules.Seeded seeded = DemoRules.seed(database, new Metrics());
      out.println(
          "demo rules ready in %s: %d UBC ID(s) and %d dimension(s) added"
              .formatted(config.jdbcUrl(), seeded.ubcIds(), seeded.dimensions()));
      return OK;
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
    return OK;
  }
}
