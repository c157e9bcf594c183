package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * In-process catalog servers of one catalog name over one database, and REST clients of them;
 * {@link #close()} stops them all.
 */
final class RestCatalogFixture implements AutoCloseable {
  private final CatalogDatabase database;
  private final Path warehouse;
  private final String catalogName;
  private final List<AutoCloseable> opened;

  private RestCatalogFixture(
      CatalogDatabase database, Path warehouse, String catalogName, List<AutoCloseable> opened) {
    this.database = requireNonNull(database, "database is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.catalogName = requireNonNull(catalogName, "catalogName is null");
    this.opened = requireNonNull(opened, "opened is null");
  }

  /** A fixture with a catalog name of its own. */
  static RestCatalogFixture create(CatalogDatabase database, Path warehouse) {
    return new RestCatalogFixture(
        database, warehouse, CatalogFixtures.uniqueName(), new ArrayList<>());
  }

  /**
   * Starts a server with {@code serverConfig} entries over the fixture's database and catalog name,
   * and returns a client named {@code clientName} with {@code clientProperties}.
   */
  RESTCatalog client(
      String clientName, Map<String, String> serverConfig, Map<String, String> clientProperties) {
    CatalogServer server =
        CatalogServer.start(CatalogFixtures.config(database, warehouse, catalogName, serverConfig));
    opened.add(server);
    RESTCatalog client =
        CatalogFixtures.client(server, clientName, new HashMap<>(clientProperties));
    opened.add(client);
    return client;
  }

  @Override
  public void close() throws Exception {
    Exception failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
