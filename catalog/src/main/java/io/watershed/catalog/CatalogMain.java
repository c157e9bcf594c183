package io.watershed.catalog;

import io.watershed.kit.config.ConfigException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog service's command line: {@code run}, {@code validate} or {@code init} with one config
 * file, or {@code keys} for the reference of the config keys.
 */
public final class CatalogMain {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogMain.class);

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE_OR_CONFIG = 2;

  private static final String USAGE =
      """
      usage: watershed-catalog <command> [config.properties]
        run <config>       start the REST catalog and serve until stopped (SIGTERM)
        validate <config>  check the config file and list every error
        init <config>      create the lake's namespaces and tables if missing, then exit
        keys               print the reference of the config keys
      """;

  private CatalogMain() {}

  public static void main(String[] args) {
    int status = run(args, System.out, System.err);
    if (status != OK || !(args.length > 0 && args[0].equals("run"))) {
      System.exit(status);
    }
  }

  /** Runs one command; returns the exit status. {@code run} returns only once stopped. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("keys")) {
      out.print(CatalogKeys.reference());
      return OK;
    }
    if (args.length != 2 || !List.of("run", "validate", "init").contains(args[0])) {
      err.print(USAGE);
      return USAGE_OR_CONFIG;
    }
    CatalogConfig config;
    try {
      config = CatalogConfig.load(Path.of(args[1]));
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
        case "init" -> init(config, out);
        default -> serve(config);
      };
    } catch (RuntimeException e) {
      LOG.error("Cannot {} catalog {}: {}", args[0], config.name(), e.getMessage(), e);
      return FAILED;
    }
  }

  private static int init(CatalogConfig config, PrintStream out) {
    try (JdbcCatalog catalog = CatalogBackend.open(config)) {
      List<TableIdentifier> created = LakeTables.ensure(catalog);
      out.println(
          "lake tables ready in catalog %s (%d created: %s)"
              .formatted(config.name(), created.size(), created));
      return OK;
    }
  }

  private static int serve(CatalogConfig config) {
    CatalogServer server = CatalogServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("catalog stopping");
                  server.close();
                  LOG.info("catalog stopped");
                  stopped.countDown();
                },
                "catalog-shutdown"));
    LOG.info("catalog listening on {}", server.uri());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return OK;
  }
}
