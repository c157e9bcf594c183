package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.InternalData;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.OutputFile;
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
  void aContractColumnIsAddedToATableWithDataWhoseRowsReadOn() throws IOException {
    LakeTables.ensure(catalog);
    Table late = catalog.loadTable(LakeTables.UBC_LATE.identifier());
    // A table of an older contract, without device_id, holding rows its writers wrote.
    late.updateSchema().deleteColumn("device_id").commit();
    Schema older = late.schema();
    long reportMicros = 1_796_083_200_000_000L + 90_000_000L; // 2026-12-01T00:01:30Z
    List<GenericRecord> rows = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      GenericRecord row = GenericRecord.create(older);
      row.setField("event_id", "e-" + i);
      row.setField("ubc", "ubc_0001");
      row.setField("log_type", "event");
      row.setField("report_ts", reportMicros + i);
      row.setField("duration_ms", 100L * i);
      row.setField("watermark", reportMicros + 60_000_000L);
      row.setField("late_ts", reportMicros + 120_000_000L);
      rows.add(row);
    }
    OutputFile out = late.io().newOutputFile(late.location() + "/data/older-contract.avro");
    FileAppender<GenericRecord> appender =
        InternalData.write(FileFormat.AVRO, out).schema(older).build();
    try (appender) {
      appender.addAll(rows);
    }
    late.newAppend()
        .appendFile(
            DataFiles.builder(late.spec())
                .withPath(out.location())
                .withFormat(FileFormat.AVRO)
                .withFileSizeInBytes(appender.length())
                .withRecordCount(rows.size())
                .withPartitionPath("report_ts_day=2026-12-01")
                .build())
        .commit();

    assertThat(LakeTables.ensure(catalog)).isEmpty();

    Table evolved = catalog.loadTable(LakeTables.UBC_LATE.identifier());
    assertThat(evolved.schema().findField("device_id")).isNotNull();
    List<String> read = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = evolved.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        try (CloseableIterable<GenericRecord> records =
            InternalData.read(FileFormat.AVRO, evolved.io().newInputFile(task.file().location()))
                .project(evolved.schema())
                .setRootType(GenericRecord.class)
                .build()) {
          for (GenericRecord record : records) {
            read.add(
                record.getField("event_id")
                    + "|"
                    + record.getField("duration_ms")
                    + "|"
                    + record.getField("device_id"));
          }
        }
      }
    }
    assertThat(read).containsExactly("e-0|0|null", "e-1|100|null", "e-2|200|null");
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
