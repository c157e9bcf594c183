package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.MetadataUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableMetadataParser;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties.SnapshotMode;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RegisterViewRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.ReportMetricsRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.view.BaseMetastoreViewCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST catalog routes, each served by Iceberg's own {@link CatalogHandlers} over one catalog.
 *
 * <p>Not served: {@code POST /v1/transactions/commit}, because Iceberg's JdbcCatalog commits each
 * table on its own and so cannot apply several tables' changes atomically; scan planning, remote
 * signing and credentials, which need a storage layer this catalog does not have.
 */
public final class RestRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(RestRoutes.class);
  private static final String TABLE = "table";
  private static final String VIEW = "view";

  private final Catalog tables;
  private final SupportsNamespaces namespaces;
  private final ViewCatalog views;
  private final WarehouseLocations warehouse;
  private final FileIO io;

  private RestRoutes(
      Catalog tables,
      SupportsNamespaces namespaces,
      ViewCatalog views,
      WarehouseLocations warehouse,
      FileIO io) {
    this.tables = requireNonNull(tables, "tables is null");
    this.namespaces = requireNonNull(namespaces, "namespaces is null");
    this.views = requireNonNull(views, "views is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.io = requireNonNull(io, "io is null");
  }

  /**
   * Every route, over a catalog that holds namespaces, tables and views, whose files all live under
   * {@code warehouse}; {@code io} reads metadata files offered for registration.
   */
  public static <C extends BaseMetastoreViewCatalog & SupportsNamespaces> List<Route> over(
      C catalog, String warehouse, FileIO io) {
    return new RestRoutes(catalog, catalog, catalog, WarehouseLocations.of(warehouse), io).all();
  }

  private List<Route> all() {
    return List.of(
        // namespaces
        new Route("list_namespaces", Endpoint.V1_LIST_NAMESPACES, this::listNamespaces),
        new Route(
            "create_namespace",
            Endpoint.V1_CREATE_NAMESPACE,
            r -> {
              CreateNamespaceRequest request = r.body(CreateNamespaceRequest.class);
              IdentifierRules.checkNamespace(request.namespace());
              IdentifierRules.checkProperties(request.properties());
              return CatalogHandlers.createNamespace(namespaces, request);
            }),
        new Route(
            "load_namespace",
            Endpoint.V1_LOAD_NAMESPACE,
            r -> CatalogHandlers.loadNamespace(namespaces, r.namespace())),
        new Route(
            "namespace_exists",
            Endpoint.V1_NAMESPACE_EXISTS,
            r -> noContent(() -> CatalogHandlers.namespaceExists(namespaces, r.namespace()))),
        new Route(
            "drop_namespace",
            Endpoint.V1_DELETE_NAMESPACE,
            r -> noContent(() -> CatalogHandlers.dropNamespace(namespaces, r.namespace()))),
        new Route(
            "update_namespace_properties",
            Endpoint.V1_UPDATE_NAMESPACE,
            r -> {
              UpdateNamespacePropertiesRequest request =
                  r.body(UpdateNamespacePropertiesRequest.class);
              IdentifierRules.checkProperties(request.updates());
              return CatalogHandlers.updateNamespaceProperties(namespaces, r.namespace(), request);
            }),
        // tables
        new Route(
            "list_tables",
            Endpoint.V1_LIST_TABLES,
            r ->
                page(r) == null
                    ? CatalogHandlers.listTables(tables, r.namespace())
                    : CatalogHandlers.listTables(
                        tables, r.namespace(), r.query("pageToken"), page(r))),
        new Route("create_table", Endpoint.V1_CREATE_TABLE, this::createTable),
        new Route(
            "load_table",
            Endpoint.V1_LOAD_TABLE,
            r -> CatalogHandlers.loadTable(tables, r.identifier(TABLE), snapshotMode(r))),
        new Route(
            "table_exists",
            Endpoint.V1_TABLE_EXISTS,
            r -> noContent(() -> CatalogHandlers.tableExists(tables, r.identifier(TABLE)))),
        new Route(
            "update_table",
            Endpoint.V1_UPDATE_TABLE,
            r -> {
              UpdateTableRequest request = r.body(UpdateTableRequest.class);
              checkUpdates(request.updates());
              return CatalogHandlers.updateTable(tables, r.identifier(TABLE), request);
            }),
        new Route("drop_table", Endpoint.V1_DELETE_TABLE, this::dropTable),
        new Route(
            "rename_table",
            Endpoint.V1_RENAME_TABLE,
            r -> {
              RenameTableRequest request = r.body(RenameTableRequest.class);
              IdentifierRules.checkIdentifier(request.destination());
              return noContent(() -> CatalogHandlers.renameTable(tables, request));
            }),
        new Route(
            "register_table",
            Endpoint.V1_REGISTER_TABLE,
            r -> {
              RegisterTableRequest request = r.body(RegisterTableRequest.class);
              requireNamespace(r.namespace());
              checkRegistration(TableIdentifier.of(r.namespace(), request.name()), request);
              return CatalogHandlers.registerTable(tables, r.namespace(), request);
            }),
        new Route("report_metrics", Endpoint.V1_REPORT_METRICS, this::reportMetrics),
        // views
        new Route(
            "list_views",
            Endpoint.V1_LIST_VIEWS,
            r ->
                page(r) == null
                    ? CatalogHandlers.listViews(views, r.namespace())
                    : CatalogHandlers.listViews(
                        views, r.namespace(), r.query("pageToken"), page(r))),
        new Route(
            "create_view",
            Endpoint.V1_CREATE_VIEW,
            r -> {
              CreateViewRequest request = r.body(CreateViewRequest.class);
              IdentifierRules.checkName("name", request.name());
              warehouse.check("location", request.location());
              IdentifierRules.checkProperties(request.properties());
              requireNamespace(r.namespace());
              return CatalogHandlers.createView(views, r.namespace(), request);
            }),
        new Route(
            "load_view",
            Endpoint.V1_LOAD_VIEW,
            r -> CatalogHandlers.loadView(views, r.identifier(VIEW))),
        new Route(
            "view_exists",
            Endpoint.V1_VIEW_EXISTS,
            r -> noContent(() -> CatalogHandlers.viewExists(views, r.identifier(VIEW)))),
        new Route(
            "replace_view",
            Endpoint.V1_UPDATE_VIEW,
            r -> {
              UpdateTableRequest request = r.body(UpdateTableRequest.class);
              checkUpdates(request.updates());
              return CatalogHandlers.updateView(views, r.identifier(VIEW), request);
            }),
        new Route(
            "drop_view",
            Endpoint.V1_DELETE_VIEW,
            r -> noContent(() -> CatalogHandlers.dropView(views, r.identifier(VIEW)))),
        new Route(
            "rename_view",
            Endpoint.V1_RENAME_VIEW,
            r -> {
              RenameTableRequest request = r.body(RenameTableRequest.class);
              IdentifierRules.checkIdentifier(request.destination());
              return noContent(() -> CatalogHandlers.renameView(views, request));
            }),
        new Route(
            "register_view",
            Endpoint.V1_REGISTER_VIEW,
            r -> {
              RegisterViewRequest request = r.body(RegisterViewRequest.class);
              IdentifierRules.checkName("name", request.name());
              warehouse.check("metadata location", request.metadataLocation());
              requireNamespace(r.namespace());
              return CatalogHandlers.registerView(views, r.namespace(), request);
            }));
  }

  private Object listNamespaces(RestRequest request) {
    String parent = request.query("parent");
    Namespace namespace =
        parent == null || parent.isEmpty()
            ? Namespace.empty()
            : RESTUtil.namespaceFromQueryParam(parent);
    String pageSize = page(request);
    return pageSize == null
        ? CatalogHandlers.listNamespaces(namespaces, namespace)
        : CatalogHandlers.listNamespaces(
            namespaces, namespace, request.query("pageToken"), pageSize);
  }

  private Object createTable(RestRequest request) {
    CreateTableRequest body = request.body(CreateTableRequest.class);
    Namespace namespace = request.namespace();
    IdentifierRules.checkName("name", body.name());
    IdentifierRules.checkProperties(body.properties());
    warehouse.checkPathProperties(body.properties());
    if (body.location() != null) {
      warehouse.check("location", body.location());
      checkNotOwned(TableIdentifier.of(namespace, body.name()), "location", body.location());
    }
    // Checked first: JdbcCatalog writes the metadata file before it looks for the namespace.
    requireNamespace(namespace);
    return body.stageCreate()
        ? CatalogHandlers.stageTableCreate(tables, namespace, body)
        : CatalogHandlers.createTable(tables, namespace, body);
  }

  private Object dropTable(RestRequest request) {
    boolean purge = Boolean.parseBoolean(request.query("purgeRequested"));
    if (purge) {
      CatalogHandlers.purgeTable(tables, request.identifier(TABLE));
    } else {
      CatalogHandlers.dropTable(tables, request.identifier(TABLE));
    }
    return null;
  }

  private Object reportMetrics(RestRequest request) {
    ReportMetricsRequest report = request.body(ReportMetricsRequest.class);
    LOG.debug("Metrics report for {}: {}", request.identifier(TABLE), report.reportType());
    return null;
  }

  /** Property sizes, and every location an update sets, stay within the rules. */
  private void checkUpdates(List<MetadataUpdate> updates) {
    for (MetadataUpdate update : updates) {
      if (update instanceof MetadataUpdate.SetProperties set) {
        IdentifierRules.checkProperties(set.updated());
        warehouse.checkPathProperties(set.updated());
      } else if (update instanceof MetadataUpdate.SetLocation location) {
        warehouse.check("location", location.location());
      }
    }
  }

  /**
   * A table may be registered from metadata under the warehouse, describing a table under the
   * warehouse, that no other table owns: a second name over one table's files would let a purge of
   * either delete the other's data.
   */
  private void checkRegistration(TableIdentifier identifier, RegisterTableRequest request) {
    IdentifierRules.checkIdentifier(identifier);
    warehouse.check("metadata location", request.metadataLocation());
    if (tables.tableExists(identifier)) {
      return; // Iceberg's handler answers 409: that name is taken
    }
    TableMetadata metadata;
    try {
      metadata = TableMetadataParser.read(io, request.metadataLocation());
    } catch (RuntimeException e) {
      throw new BadRequestException(
          "Cannot register %s: its metadata cannot be read", identifier.name());
    }
    warehouse.check("table location", metadata.location());
    checkNotOwned(identifier, "metadata location", request.metadataLocation());
    checkNotOwned(identifier, "table location", metadata.location());
  }

  /** Refuses {@code location} when it is, holds or lies inside the files of another table. */
  private void checkNotOwned(TableIdentifier identifier, String what, String location) {
    for (TableIdentifier other : allTables()) {
      if (other.equals(identifier)) {
        continue;
      }
      Table table;
      try {
        table = tables.loadTable(other);
      } catch (RuntimeException e) {
        LOG.debug("Cannot load {} to compare locations: {}", other, e.toString());
        continue;
      }
      String metadataFile =
          table instanceof HasTableOperations operations
              ? operations.operations().current().metadataFileLocation()
              : null;
      String metadataDirectory =
          metadataFile == null ? null : metadataFile.substring(0, metadataFile.lastIndexOf('/'));
      if (WarehouseLocations.overlap(location, table.location())
          || (metadataDirectory != null
              && WarehouseLocations.overlap(location, metadataDirectory))) {
        throw new BadRequestException(
            "Invalid %s for %s: it belongs to table %s", what, identifier.name(), other);
      }
    }
  }

  private List<TableIdentifier> allTables() {
    List<TableIdentifier> found = new ArrayList<>();
    List<Namespace> pending = new ArrayList<>(namespaces.listNamespaces(Namespace.empty()));
    while (!pending.isEmpty()) {
      Namespace namespace = pending.remove(pending.size() - 1);
      found.addAll(tables.listTables(namespace));
      pending.addAll(namespaces.listNamespaces(namespace));
    }
    return found;
  }

  private void requireNamespace(Namespace namespace) {
    CatalogHandlers.namespaceExists(namespaces, namespace);
  }

  /**
   * The page size to use, or null to list everything: a page token without a size continues a
   * listing with pages as large as possible.
   */
  private static String page(RestRequest request) {
    String pageSize = request.query("pageSize");
    String pageToken = request.query("pageToken");
    if (pageSize == null || pageSize.isEmpty()) {
      return pageToken == null || pageToken.isEmpty() ? null : String.valueOf(Integer.MAX_VALUE);
    }
    int size;
    try {
      size = Integer.parseInt(pageSize);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Cannot list with pageSize " + pageSize + ": not a number");
    }
    if (size <= 0) {
      throw new IllegalArgumentException(
          "Cannot list with pageSize " + size + ": must be positive");
    }
    return pageSize;
  }

  private static SnapshotMode snapshotMode(RestRequest request) {
    String snapshots = request.query("snapshots");
    if (snapshots == null || snapshots.isEmpty()) {
      return SnapshotMode.ALL;
    }
    try {
      return SnapshotMode.valueOf(snapshots.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot load table with snapshots=" + snapshots + ": must be all or refs", e);
    }
  }

  private static Object noContent(Runnable action) {
    action.run();
    return null;
  }
}
