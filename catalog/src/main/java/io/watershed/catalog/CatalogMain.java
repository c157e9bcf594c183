package io.watershed.catalog;

import io.watershed.kit.cli.ExitCodes;
import io.watershed.kit.cli.ServiceCommandLine;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog service's command line (service-kit's one shape): {@code run}, {@code validate} or
 * {@code init} with one config file, {@code keys} for the reference of the config keys.
 */
public final class CatalogMain {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogMain.class);

  private CatalogMain() {}

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

  private static ServiceCommandLine<CatalogConfig> commandLine(PrintStream out, PrintStream err) {
    return ServiceCommandLine.service(
            "watershed-catalog",
            "catalog",
            CatalogMain.class,
            CatalogConfig::load,
            CatalogKeys::reference,
            out,
            err)
        .description("The lake's Iceberg REST catalog.")
        .run("start the REST catalog and serve until stopped (SIGTERM)", CatalogMain::serve)
        .command(
            "init",
            "create the lake's namespaces and tables if missing, then exit",
            config -> init(config, out));
  }

  private static int init(CatalogConfig config, PrintStream out) {
    try (JdbcCatalog catalog = CatalogBackend.open(config)) {
      List<TableIdentifier> created = LakeTables.ensure(catalog);
      out.println(
          "lake tables ready in catalog %s (%d created: %s)"
              .formatted(config.name(), created.size(), created));
      return ExitCodes.OK;
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
    return ExitCodes.OK;
  }
}
