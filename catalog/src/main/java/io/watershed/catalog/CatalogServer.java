package io.watershed.catalog;

import io.watershed.catalog.internal.BearerAuth;
import io.watershed.catalog.internal.CatalogHttpHandler;
import io.watershed.catalog.internal.RestRoutes;
import io.watershed.kit.http.ControlPlaneServer;
import io.watershed.kit.http.RunningService;
import io.watershed.kit.metrics.ServiceMetrics;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Watershed Iceberg REST catalog: Iceberg's REST handlers over a JdbcCatalog, served by the
 * service kit's control-plane server (Jetty) with its timeouts, connection cap and body limits.
 */
public final class CatalogServer extends RunningService {
  /** Looked up by the health check: one indexed query on the catalog's tables. */
  private static final Namespace HEALTH_PROBE = Namespace.of("watershed_health_probe");

  private CatalogServer(ControlPlaneServer server, JdbcCatalog catalog) {
    super(server, catalog);
  }

  /** Opens the catalog, creates the lake tables if configured, and starts serving. */
  public static CatalogServer start(CatalogConfig config) {
    JdbcCatalog catalog = CatalogBackend.open(config);
    return closingOnFailure(
        catalog,
        () -> {
          if (config.initLakeTables()) {
            LakeTables.ensure(catalog);
          }
          CatalogHttpHandler handler =
              CatalogHttpHandler.create(
                  RestRoutes.over(catalog, config.warehouse(), CatalogBackend.fileIo(config)),
                  BearerAuth.of(config.authTokens()),
                  ServiceMetrics.create(),
                  () -> catalog.namespaceExists(HEALTH_PROBE));
          return new CatalogServer(
              ControlPlaneServer.start("catalog", config.http(), handler), catalog);
        });
  }
}
