package io.watershed.catalog;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.view.ViewCatalogTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Iceberg's own view catalog conformance suite, run through {@link RESTCatalog} over HTTP against a
 * {@link CatalogServer} started in-process; one catalog name per test. Subclasses choose the
 * database.
 */
abstract class RestViewCatalogConformance extends ViewCatalogTests<RESTCatalog> {
  private static final String ICEBERG = CatalogKeys.ICEBERG_PREFIX;

  /** View defaults and overrides are the server's: set through the iceberg.* pass-through. */
  private static final Map<String, String> SERVER_CONFIG =
      Map.of(
          ICEBERG + CatalogProperties.VIEW_DEFAULT_PREFIX + "key1", "catalog-default-key1",
          ICEBERG + CatalogProperties.VIEW_DEFAULT_PREFIX + "key2", "catalog-default-key2",
          ICEBERG + CatalogProperties.VIEW_DEFAULT_PREFIX + "key3", "catalog-default-key3",
          ICEBERG + CatalogProperties.VIEW_OVERRIDE_PREFIX + "key3", "catalog-override-key3",
          ICEBERG + CatalogProperties.VIEW_OVERRIDE_PREFIX + "key4", "catalog-override-key4");

  @TempDir Path warehouse;

  private RestCatalogFixture fixture;
  private RESTCatalog catalog;

  /** The database of the class: created once, shared by its tests. */
  protected abstract CatalogDatabase database();

  @BeforeEach
  void startCatalog() {
    fixture = RestCatalogFixture.create(database(), warehouse);
    catalog = fixture.client("rest", SERVER_CONFIG, Map.of());
  }

  @AfterEach
  void stopCatalog() throws Exception {
    fixture.close();
  }

  @Override
  protected RESTCatalog catalog() {
    return catalog;
  }

  @Override
  protected Catalog tableCatalog() {
    return catalog;
  }

  @Override
  protected boolean requiresNamespaceCreate() {
    // the server runs JdbcCatalog in strict mode: views only in existing namespaces
    return true;
  }

  /** Under the warehouse: the catalog refuses locations anywhere else (issue 17). */
  @Override
  protected String viewLocation(String... paths) {
    // file:/path, the spelling HadoopFileIO gives the files it writes, which the suite compares
    return "file:" + warehouse.toAbsolutePath() + "/custom-locations/" + String.join("/", paths);
  }

  @Override
  protected boolean supportsServerSideRetry() {
    // CatalogHandlers.updateView refreshes and re-applies the changes on a commit conflict
    return true;
  }
}
