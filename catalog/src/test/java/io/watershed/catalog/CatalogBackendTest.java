package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JdbcCatalog on the embedded H2 file database, as the service opens it. */
class CatalogBackendTest {
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @TempDir Path directory;

  @Test
  void reopensTheSameH2File() {
    CatalogConfig config = config(Map.of());
    TableIdentifier view = TableIdentifier.of("ns", "v");
    try (JdbcCatalog first = CatalogBackend.open(config)) {
      first.createNamespace(Namespace.of("ns"), Map.of("owner", "ops"));
      first.createTable(TableIdentifier.of("ns", "t"), SCHEMA);
      first
          .buildView(view)
          .withSchema(SCHEMA)
          .withDefaultNamespace(Namespace.of("ns"))
          .withQuery("trino", "SELECT 1 AS id")
          .create();
    }

    try (JdbcCatalog second = CatalogBackend.open(config)) {
      assertThat(second.loadNamespaceMetadata(Namespace.of("ns"))).containsEntry("owner", "ops");
      assertThat(second.tableExists(TableIdentifier.of("ns", "t"))).isTrue();
      assertThat(second.viewExists(view)).isTrue();
    }
  }

  @Test
  void refusesTablesOutsideExistingNamespaces() {
    try (JdbcCatalog catalog = CatalogBackend.open(config(Map.of()))) {
      assertThatThrownBy(() -> catalog.createTable(TableIdentifier.of("nowhere", "t"), SCHEMA))
          .isInstanceOf(NoSuchNamespaceException.class);
    }
  }

  @Test
  void passesThroughIcebergAndHadoopEntries() {
    CatalogConfig config =
        config(
            Map.of(
                "iceberg.table-default.owner", "watershed",
                "hadoop.dfs.client.use.datanode.hostname", "true"));

    assertThat(CatalogBackend.catalogProperties(config))
        .containsEntry("table-default.owner", "watershed")
        .containsEntry("jdbc.schema-version", "V1")
        .containsEntry("jdbc.strict-mode", "true")
        .containsEntry("clients", "4")
        .containsEntry("io-impl", "org.apache.iceberg.hadoop.HadoopFileIO")
        .doesNotContainKey("jdbc.user");
    assertThat(CatalogBackend.hadoopConfiguration(config).get("dfs.client.use.datanode.hostname"))
        .isEqualTo("true");
  }

  private CatalogConfig config(Map<String, String> extra) {
    return CatalogFixtures.config(
        CatalogDatabase.h2(directory.resolve("db")), directory.resolve("warehouse"), "lake", extra);
  }
}
