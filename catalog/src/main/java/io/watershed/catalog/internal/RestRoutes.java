package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.ViewCatalog;
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

  private RestRoutes(Catalog tables, SupportsNamespaces namespaces, ViewCatalog views) {
    this.tables = requireNonNull(tables, "tables is null");
    this.namespaces = requireNonNull(namespaces, "namespaces is null");
    this.views = requireNonNull(views, "views is null");
  }

  /** Every route, over a catalog that holds namespaces, tables and views. */
  public static <C extends BaseMetastoreViewCatalog & SupportsNamespaces> List<Route> over(
      C catalog) {
    return new RestRoutes(catalog, catalog, catalog).all();
  }

  private List<Route> all() {
    return List.of(
        // namespaces
        new Route("list_namespaces", Endpoint.V1_LIST_NAMESPACES, this::listNamespaces),
        new Route(
            "create_namespace",
            Endpoint.V1_CREATE_NAMESPACE,
            r -> CatalogHandlers.createNamespace(namespaces, r.body(CreateNamespaceRequest.class))),
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
            r ->
                CatalogHandlers.updateNamespaceProperties(
                    namespaces, r.namespace(), r.body(UpdateNamespacePropertiesRequest.class))),
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
            r ->
                CatalogHandlers.updateTable(
                    tables, r.identifier(TABLE), r.body(UpdateTableRequest.class))),
        new Route("drop_table", Endpoint.V1_DELETE_TABLE, this::dropTable),
        new Route(
            "rename_table",
            Endpoint.V1_RENAME_TABLE,
            r ->
                noContent(
                    () -> CatalogHandlers.renameTable(tables, r.body(RenameTableRequest.class)))),
        new Route(
            "register_table",
            Endpoint.V1_REGISTER_TABLE,
            r -> {
              RegisterTableRequest request = r.body(RegisterTableRequest.class);
              requireNamespace(r.namespace());
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
            r ->
                CatalogHandlers.updateView(
                    views, r.identifier(VIEW), r.body(UpdateTableRequest.class))),
        new Route(
            "drop_view",
            Endpoint.V1_DELETE_VIEW,
            r -> noContent(() -> CatalogHandlers.dropView(views, r.identifier(VIEW)))),
        new Route(
            "rename_view",
            Endpoint.V1_RENAME_VIEW,
            r ->
                noContent(
                    () -> CatalogHandlers.renameView(views, r.body(RenameTableRequest.class)))),
        new Route(
            "register_view",
            Endpoint.V1_REGISTER_VIEW,
            r -> {
              RegisterViewRequest request = r.body(RegisterViewRequest.class);
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
