package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lake tables against a real JdbcCatalog on an embedded H2 file and a local warehouse. */
class LakeTablesTest {
  @TempDir Path directory;
  private JdbcCatalog catalog;

  @BeforeEach
  void open() {
    catalog =
        CatalogBackend.open(
            CatalogFixtures.config(
                CatalogDatabase.h2(directory.resolve("db")),
                directory.resolve("warehouse"),
                "lake",
                Map.of()));
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  @Test
  void createsEveryTableOnceAndChangesNothingAfter() {
    List<TableIdentifier> first = LakeTables.ensure(catalog);
    Map<TableIdentifier, String> metadata = metadataLocations();

    List<TableIdentifier> second = LakeTables.ensure(catalog);

    assertThat(first)
        .containsExactly(
            TableIdentifier.of("logs", "lines"),
            TableIdentifier.of("ubc", "events"),
            TableIdentifier.of("ubc", "rejects"),
            TableIdentifier.of("ubc", "metrics_1m"),
            TableIdentifier.of("ubc", "metrics_5m"),
            TableIdentifier.of("ubc", "late"),
            TableIdentifier.of("ops", "progress"),
            TableIdentifier.of("ubc", "corrections"));
    assertThat(second).isEmpty();
    assertThat(metadataLocations()).isEqualTo(metadata);
    assertThat(catalog.listNamespaces())
        .containsExactlyInAnyOrder(Namespace.of("logs"), Namespace.of("ubc"), Namespace.of("ops"));
  }

  @Test
  void leavesExistingTablesAlone() {
    LakeTables.ensure(catalog);
    Table events = catalog.loadTable(LakeTables.UBC_EVENTS.identifier());
    events.updateSchema().addColumn("extra", Types.StringType.get()).commit();
    events.updateProperties().set(TableProperties.COMMIT_NUM_RETRIES, "3").commit();
    catalog.dropTable(LakeTables.OPS_PROGRESS.identifier());

    assertThat(LakeTables.ensure(catalog)).containsExactly(LakeTables.OPS_PROGRESS.identifier());

    Table reloaded = catalog.loadTable(LakeTables.UBC_EVENTS.identifier());
    assertThat(reloaded.schema().findField("extra")).isNotNull();
    assertThat(reloaded.properties()).containsEntry(TableProperties.COMMIT_NUM_RETRIES, "3");
  }

  @Test
  void anOptionalContractColumnAnOlderTableLacksIsAdded() {
    LakeTables.ensure(catalog);
    Table progress = catalog.loadTable(LakeTables.OPS_PROGRESS.identifier());
    progress.updateSchema().deleteColumn("reason").deleteColumn("gap_end").commit();

    assertThat(LakeTables.ensure(catalog)).isEmpty();

    Table reloaded = catalog.loadTable(LakeTables.OPS_PROGRESS.identifier());
    assertThat(reloaded.schema().findField("gap_end").isOptional()).isTrue();
    assertThat(reloaded.schema().findField("reason").type()).isEqualTo(Types.StringType.get());
  }

  @Test
  void tablesAreCreatedAsDeclared() {
    LakeTables.ensure(catalog);

    for (LakeTables.LakeTable declared : LakeTables.ALL) {
      Table table = catalog.loadTable(declared.identifier());
      assertThat(table.schema().asStruct())
          .as(declared.identifier().toString())
          .isEqualTo(declared.schema().asStruct());
      assertThat(table.schema().identifierFieldIds())
          .isEqualTo(declared.schema().identifierFieldIds());
      assertThat(table.spec().fields()).isEqualTo(declared.spec().fields());
      assertThat(table.sortOrder().fields()).isEqualTo(declared.sortOrder().fields());
      assertThat(table.properties()).containsAllEntriesOf(withoutFormatVersion(declared));
      assertThat(((BaseTable) table).operations().current().formatVersion()).isEqualTo(2);
    }
  }

  @Test
  void declarationsFollowTheContract() {
    assertThat(columns(LakeTables.LOGS_LINES))
        .contains(
            "source",
            "line",
            "agent",
            "host",
            "path",
            "file_id",
            "file_offset",
            "app",
            "channel",
            "batch_id",
            "batch_index",
            "ingest_ts");
    assertThat(columns(LakeTables.UBC_EVENTS))
        .contains(
            "event_id",
            "ubc",
            "log_type",
            "channel",
            "event_ts",
            "report_ts",
            "os",
            "os_version",
            "device_id",
            "app",
            "app_version",
            "net",
            "ext",
            "duration_ms",
            "ingest_ts");
    assertThat(columns(LakeTables.UBC_REJECTS))
        .contains("reason", "payload", "source", "agent", "file_offset", "batch_id", "ingest_ts");
    for (LakeTables.LakeTable metrics :
        List.of(LakeTables.UBC_METRICS_1M, LakeTables.UBC_METRICS_5M)) {
      assertThat(columns(metrics))
          .contains(
              "window_start",
              "window_end",
              "ubc",
              "log_type",
              "d1",
              "d2",
              "d3",
              "d4",
              "d5",
              "d6",
              "pv",
              "duration_ms",
              "devices",
              "rules_version");
      assertThat(metrics.spec().fields())
          .singleElement()
          .hasToString("1000: window_start_day: day(1)");
    }
    assertThat(columns(LakeTables.OPS_PROGRESS))
        .containsExactly(
            "job", "source", "watermark", "updated_at", "gap_start", "gap_end", "reason");
    assertThat(LakeTables.OPS_PROGRESS.spec().isUnpartitioned()).isTrue();
    assertThat(LakeTables.LOGS_LINES.spec().fields())
        .extracting(field -> field.name())
        .containsExactly("ingest_ts_day", "source");
    assertThat(LakeTables.UBC_EVENTS.schema().findType("ext"))
        .isEqualTo(
            Types.MapType.ofOptional(16, 17, Types.StringType.get(), Types.StringType.get()));
    assertThat(LakeTables.UBC_EVENTS.schema().findType("report_ts"))
        .isEqualTo(Types.TimestampType.withZone());
  }

  private Map<TableIdentifier, String> metadataLocations() {
    return LakeTables.ALL.stream()
        .map(LakeTables.LakeTable::identifier)
        .collect(
            java.util.stream.Collectors.toMap(
                identifier -> identifier,
                identifier ->
                    ((BaseTable) catalog.loadTable(identifier))
                        .operations()
                        .current()
                        .metadataFileLocation()));
  }

  private static List<String> columns(LakeTables.LakeTable table) {
    return table.schema().columns().stream().map(Types.NestedField::name).toList();
  }

  /** format-version is consumed on create, not kept as a table property. */
  private static Map<String, String> withoutFormatVersion(LakeTables.LakeTable table) {
    Set<String> consumed = Set.of(TableProperties.FORMAT_VERSION);
    return table.properties().entrySet().stream()
        .filter(entry -> !consumed.contains(entry.getKey()))
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
