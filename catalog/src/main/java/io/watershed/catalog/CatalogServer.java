package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import io.watershed.catalog.internal.BearerAuth;
import io.watershed.catalog.internal.CatalogHttpHandler;
import io.watershed.catalog.internal.RestRoutes;
import io.watershed.kit.http.ControlPlaneServer;
import io.watershed.kit.metrics.ServiceMetrics;
import java.net.InetSocketAddress;
import java.net.URI;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Watershed Iceberg REST catalog: Iceberg's REST handlers over a JdbcCatalog, served by the
 * service kit's control-plane server (Jetty) with its timeouts, connection cap and body limits.
 */
public final class CatalogServer implements AutoCloseable {
  /** Looked up by the health check: one indexed query on the catalog's tables. */
  private static final Namespace HEALTH_PROBE = Namespace.of("watershed_health_probe");

  private final ControlPlaneServer server;
  private final JdbcCatalog catalog;

  private CatalogServer(ControlPlaneServer server, JdbcCatalog catalog) {
    this.server = requireNonNull(server, "server is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Opens the catalog, creates the lake tables if configured, and starts serving. */
  public static CatalogServer start(CatalogConfig config) {
    JdbcCatalog catalog = CatalogBackend.open(config);
    try {
      if (config.initLakeTables()) {
        LakeTables.ensure(catalog);
      }
      ServiceMetrics metrics = ServiceMetrics.create();
      CatalogHttpHandler handler =
          CatalogHttpHandler.create(
              RestRoutes.over(catalog, config.warehouse(), CatalogBackend.fileIo(config)),
              BearerAuth.of(config.authTokens()),
              metrics,
              () -> catalog.namespaceExists(HEALTH_PROBE));
      ControlPlaneServer server = ControlPlaneServer.start("catalog", config.http(), handler);
      return new CatalogServer(server, catalog);
    } catch (RuntimeException e) {
      closeQuietly(catalog, e);
      throw e;
    }
  }

  /** The address the server listens on (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return server.address();
  }

  public URI uri() {
    return server.uri();
  }

  /** Stops accepting requests, lets those in flight finish, then closes the catalog. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      catalog.close();
    }
  }

  private static void closeQuietly(JdbcCatalog catalog, RuntimeException failure) {
    try {
      catalog.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
