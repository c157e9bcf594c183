package io.watershed.catalog;

import io.watershed.catalog.internal.BearerAuth;
import io.watershed.catalog.internal.CatalogHttpHandler;
import io.watershed.catalog.internal.LakeRoutes;
import io.watershed.catalog.internal.RestRoutes;
import io.watershed.catalog.upkeep.LakeUpkeep;
import io.watershed.kit.http.ControlPlaneServer;
import io.watershed.kit.http.RunningService;
import io.watershed.kit.metrics.ServiceMetrics;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Watershed Iceberg REST catalog: Iceberg's REST handlers over a JdbcCatalog, served by the
 * service kit's control-plane server (Jetty) with its timeouts, connection cap and body limits;
 * beside them the lake's health and upkeep ({@link LakeUpkeep}).
 */
public final class CatalogServer extends RunningService {
  /** Looked up by the health check: one indexed query on the catalog's tables. */
  private static final Namespace HEALTH_PROBE = Namespace.of("watershed_health_probe");

  private CatalogServer(ControlPlaneServer server, AutoCloseable backend) {
    super(server, backend);
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
          ServiceMetrics metrics = ServiceMetrics.create();
          LakeUpkeep upkeep = LakeUpkeep.start(catalog, config.upkeep(), metrics);
          AutoCloseable backend =
              () -> {
                try (catalog) {
                  upkeep.close();
                }
              };
          return closingOnFailure(
              backend,
              () -> {
                CatalogHttpHandler handler =
                    CatalogHttpHandler.create(
                        RestRoutes.over(catalog, config.warehouse(), CatalogBackend.fileIo(config)),
                        LakeRoutes.over(upkeep),
                        BearerAuth.of(config.authTokens()),
                        metrics,
                        () -> catalog.namespaceExists(HEALTH_PROBE));
                return new CatalogServer(
                    ControlPlaneServer.start("catalog", config.http(), handler), backend);
              });
        });
  }
}
