package io.watershed.catalog;

import static java.util.Objects.requireNonNull;
import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's Iceberg tables, declared once: the contract of ARCHITECTURE.md (columns may be added,
 * none renamed). {@link #ensure} creates whatever is missing and never changes or drops a table.
 */
public final class LakeTables {
  private static final Logger LOG = LoggerFactory.getLogger(LakeTables.class);

  /**
   * One table of the lake.
   *
   * @param identifier namespace and name
   * @param schema the columns, with the ids Iceberg assigns them on create
   * @param spec the partitioning
   * @param sortOrder the order compaction sorts by
   * @param properties Iceberg table properties
   */
  public record LakeTable(
      TableIdentifier identifier,
      Schema schema,
      PartitionSpec spec,
      SortOrder sortOrder,
      Map<String, String> properties) {
    public LakeTable {
      requireNonNull(identifier, "identifier is null");
      requireNonNull(schema, "schema is null");
      requireNonNull(spec, "spec is null");
      requireNonNull(sortOrder, "sortOrder is null");
      properties = Map.copyOf(requireNonNull(properties, "properties is null"));
    }
  }

  public static final LakeTable LOGS_LINES = logsLines();
  public static final LakeTable UBC_EVENTS = ubcEvents();
  public static final LakeTable UBC_REJECTS = ubcRejects();
  public static final LakeTable UBC_METRICS_1M = ubcMetrics("metrics_1m");
  public static final LakeTable UBC_METRICS_5M = ubcMetrics("metrics_5m");
  public static final LakeTable UBC_LATE = ubcLate("late");
  public static final LakeTable UBC_CORRECTIONS = ubcLate("corrections");
  public static final LakeTable OPS_PROGRESS = opsProgress();

  public static final List<LakeTable> ALL =
      List.of(
          LOGS_LINES,
          UBC_EVENTS,
          UBC_REJECTS,
          UBC_METRICS_1M,
          UBC_METRICS_5M,
          UBC_LATE,
          OPS_PROGRESS,
          UBC_CORRECTIONS);

  private LakeTables() {}

  /**
   * Creates the lake's namespaces and tables where missing; existing ones are left as they are.
   *
   * @return the tables this call created
   */
  public static <C extends Catalog & SupportsNamespaces> List<TableIdentifier> ensure(C catalog) {
    Set<Namespace> namespaces =
        new LinkedHashSet<>(ALL.stream().map(t -> t.identifier().namespace()).toList());
    for (Namespace namespace : namespaces) {
      if (!catalog.namespaceExists(namespace)) {
        try {
          catalog.createNamespace(namespace, Map.of());
          LOG.info("Created namespace {}", namespace);
        } catch (AlreadyExistsException e) {
          LOG.debug("Namespace {} was created concurrently", namespace);
        }
      }
    }
    List<TableIdentifier> created = new ArrayList<>();
    for (LakeTable table : ALL) {
      if (catalog.tableExists(table.identifier())) {
        checkContract(catalog.loadTable(table.identifier()), table);
        continue;
      }
      try {
        catalog
            .buildTable(table.identifier(), table.schema())
            .withPartitionSpec(table.spec())
            .withSortOrder(table.sortOrder())
            .withProperties(table.properties())
            .create();
        created.add(table.identifier());
        LOG.info("Created table {}", table.identifier());
      } catch (AlreadyExistsException e) {
        LOG.debug("Table {} was created concurrently", table.identifier());
      }
    }
    return List.copyOf(created);
  }

  /**
   * Adds the optional contract columns an existing table lacks (readers and writers of the old
   * schema are unaffected); warns about required ones, which are never added automatically.
   */
  private static void checkContract(Table existing, LakeTable declared) {
    List<Types.NestedField> absent =
        declared.schema().columns().stream()
            .filter(field -> existing.schema().findField(field.name()) == null)
            .toList();
    List<Types.NestedField> optional =
        absent.stream().filter(Types.NestedField::isOptional).toList();
    if (!optional.isEmpty()) {
      org.apache.iceberg.UpdateSchema update = existing.updateSchema();
      optional.forEach(field -> update.addColumn(field.name(), field.type(), field.doc()));
      update.commit();
      LOG.info(
          "Added columns {} to table {}",
          optional.stream().map(Types.NestedField::name).toList(),
          declared.identifier());
    }
    List<String> missing =
        absent.stream().filter(Types.NestedField::isRequired).map(Types.NestedField::name).toList();
    if (!missing.isEmpty()) {
      LOG.warn(
          "Table {} lacks contract columns {}: add them with a schema update",
          declared.identifier(),
          missing);
    }
  }

  /**
   * Properties for tables that Flink appends to at every checkpoint, read by Trino.
   *
   * @param distributionMode how Flink spreads rows over writers before they write files
   */
  private static Map<String, String> streamingAppendProperties(String distributionMode) {
    return Map.ofEntries(
        // v2: row-level deletes (upserts, Trino DELETE) and sequence numbers for compaction.
        Map.entry(TableProperties.FORMAT_VERSION, "2"),
        // Parquet with zstd: columnar for Trino, zstd packs log text far better than snappy.
        Map.entry(TableProperties.DEFAULT_FILE_FORMAT, "parquet"),
        Map.entry(TableProperties.PARQUET_COMPRESSION, "zstd"),
        // 128 MiB files: the unit compaction aims for, and a good Trino split size on HDFS.
        Map.entry(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, String.valueOf(128L << 20)),
        // Several jobs and the maintenance commit to one table: retry conflicts longer.
        Map.entry(TableProperties.COMMIT_NUM_RETRIES, "10"),
        Map.entry(TableProperties.COMMIT_MIN_RETRY_WAIT_MS, "100"),
        Map.entry(TableProperties.COMMIT_MAX_RETRY_WAIT_MS, "10000"),
        // A commit per checkpoint writes a metadata.json each time: keep the last 100 only.
        Map.entry(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true"),
        Map.entry(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "100"),
        // Snapshot expiry (maintenance) keeps one day of snapshots for time travel and recovery.
        Map.entry(TableProperties.MAX_SNAPSHOT_AGE_MS, String.valueOf(24L * 60 * 60 * 1000)),
        // Partitioned tables: hash by partition so each partition gets few, large files.
        Map.entry(TableProperties.WRITE_DISTRIBUTION_MODE, distributionMode));
  }

  private static LakeTable logsLines() {
    Schema schema =
        new Schema(
            required(1, "source", Types.StringType.get(), "log source, e.g. the app or file set"),
            required(2, "line", Types.StringType.get(), "the raw record, untouched"),
            optional(3, "agent", Types.StringType.get(), "collector agent id"),
            optional(4, "host", Types.StringType.get(), "host the agent runs on"),
            optional(5, "path", Types.StringType.get(), "file path read by the agent"),
            optional(6, "file_id", Types.StringType.get(), "file identity (inode + fingerprint)"),
            optional(7, "file_offset", Types.LongType.get(), "byte offset of the line"),
            optional(8, "app", Types.StringType.get(), "uploading app (HTTP intake)"),
            optional(9, "channel", Types.StringType.get(), "client, server or h5"),
            optional(10, "batch_id", Types.StringType.get(), "intake batch id"),
            optional(
                11, "batch_index", Types.IntegerType.get(), "index of the record in the batch"),
            required(12, "ingest_ts", Types.TimestampType.withZone(), "time of collection"));
    PartitionSpec spec =
        PartitionSpec.builderFor(schema).day("ingest_ts").identity("source").build();
    return new LakeTable(
        TableIdentifier.of("logs", "lines"),
        schema,
        spec,
        SortOrder.unsorted(),
        streamingAppendProperties("hash"));
  }

  private static LakeTable ubcEvents() {
    Schema schema =
        new Schema(
            required(1, "event_id", Types.StringType.get(), "event id (id)"),
            required(2, "ubc", Types.StringType.get(), "UBC id"),
            required(3, "log_type", Types.StringType.get(), "event or flow"),
            optional(4, "channel", Types.StringType.get(), "client, server or h5"),
            optional(5, "event_ts", Types.TimestampType.withZone(), "action time (ts)"),
            required(6, "report_ts", Types.TimestampType.withZone(), "report time (rts)"),
            optional(7, "os", Types.StringType.get()),
            optional(8, "os_version", Types.StringType.get()),
            optional(9, "device_id", Types.StringType.get()),
            optional(10, "app", Types.StringType.get()),
            optional(11, "app_version", Types.StringType.get()),
            optional(12, "net", Types.StringType.get()),
            optional(
                13,
                "ext",
                Types.MapType.ofOptional(16, 17, Types.StringType.get(), Types.StringType.get()),
                "business parameters"),
            optional(14, "duration_ms", Types.LongType.get(), "flow duration (dur)"),
            required(15, "ingest_ts", Types.TimestampType.withZone(), "time of collection"));
    return new LakeTable(
        TableIdentifier.of("ubc", "events"),
        schema,
        PartitionSpec.builderFor(schema).day("report_ts").build(),
        SortOrder.unsorted(),
        streamingAppendProperties("hash"));
  }

  private static LakeTable ubcRejects() {
    Schema schema =
        new Schema(
            required(1, "reason", Types.StringType.get(), "why the record was rejected"),
            required(2, "payload", Types.StringType.get(), "the record as received"),
            optional(3, "source", Types.StringType.get()),
            optional(4, "agent", Types.StringType.get()),
            optional(5, "host", Types.StringType.get()),
            optional(6, "path", Types.StringType.get()),
            optional(7, "file_id", Types.StringType.get()),
            optional(8, "file_offset", Types.LongType.get()),
            optional(9, "app", Types.StringType.get()),
            optional(10, "channel", Types.StringType.get()),
            optional(11, "batch_id", Types.StringType.get()),
            optional(12, "batch_index", Types.IntegerType.get()),
            required(13, "ingest_ts", Types.TimestampType.withZone()));
    return new LakeTable(
        TableIdentifier.of("ubc", "rejects"),
        schema,
        PartitionSpec.builderFor(schema).day("ingest_ts").build(),
        SortOrder.unsorted(),
        streamingAppendProperties("hash"));
  }

  private static LakeTable ubcMetrics(String name) {
    Schema schema =
        new Schema(
            required(1, "window_start", Types.TimestampType.withZone()),
            required(2, "window_end", Types.TimestampType.withZone()),
            required(3, "ubc", Types.StringType.get()),
            required(4, "log_type", Types.StringType.get()),
            optional(5, "d1", Types.StringType.get()),
            optional(6, "d2", Types.StringType.get()),
            optional(7, "d3", Types.StringType.get()),
            optional(8, "d4", Types.StringType.get()),
            optional(9, "d5", Types.StringType.get()),
            optional(10, "d6", Types.StringType.get()),
            required(11, "pv", Types.LongType.get(), "page views (events) in the window"),
            optional(12, "duration_ms", Types.LongType.get(), "total flow duration"),
            optional(13, "devices", Types.BinaryType.get(), "distinct-device sketch"),
            optional(14, "rules_version", Types.LongType.get(), "dimension rules version"));
    return new LakeTable(
        TableIdentifier.of("ubc", name),
        schema,
        PartitionSpec.builderFor(schema).day("window_start").build(),
        // Compaction sorts by window and UBC id: the filters of every monitoring query.
        SortOrder.builderFor(schema).asc("window_start").asc("ubc").build(),
        streamingAppendProperties("hash"));
  }

  /**
   * Monitoring records that arrived behind the watermark of the window job: their windows were
   * already final, so they are kept instead of being dropped. {@code ubc.late} holds every such
   * delivery; {@code ubc.corrections} holds the events among them that no window counted (the first
   * delivery of their event id was late), once each: what the corrected views add to the windows.
   */
  private static LakeTable ubcLate(String name) {
    Schema schema =
        new Schema(
            required(1, "event_id", Types.StringType.get()),
            required(2, "ubc", Types.StringType.get()),
            required(3, "log_type", Types.StringType.get()),
            required(4, "report_ts", Types.TimestampType.withZone(), "report time (rts)"),
            optional(5, "d1", Types.StringType.get()),
            optional(6, "d2", Types.StringType.get()),
            optional(7, "d3", Types.StringType.get()),
            optional(8, "d4", Types.StringType.get()),
            optional(9, "d5", Types.StringType.get()),
            optional(10, "d6", Types.StringType.get()),
            optional(11, "duration_ms", Types.LongType.get(), "flow duration"),
            optional(12, "device_id", Types.StringType.get()),
            optional(13, "rules_version", Types.LongType.get(), "dimension rules version"),
            optional(14, "job", Types.StringType.get(), "the window job that found it late"),
            required(
                15,
                "watermark",
                Types.TimestampType.withZone(),
                "the job's watermark when the record arrived"),
            required(16, "late_ts", Types.TimestampType.withZone(), "when it arrived"));
    return new LakeTable(
        TableIdentifier.of("ubc", name),
        schema,
        PartitionSpec.builderFor(schema).day("report_ts").build(),
        SortOrder.unsorted(),
        streamingAppendProperties("hash"));
  }

  private static LakeTable opsProgress() {
    Schema schema =
        new Schema(
            List.of(
                required(1, "job", Types.StringType.get()),
                required(2, "source", Types.StringType.get()),
                optional(3, "watermark", Types.TimestampType.withZone(), "event-time progress"),
                optional(4, "updated_at", Types.TimestampType.withZone()),
                optional(
                    5,
                    "gap_start",
                    Types.TimestampType.withZone(),
                    "a start without state: windows ending after this may be short"),
                optional(
                    6,
                    "gap_end",
                    Types.TimestampType.withZone(),
                    "a start without state: windows ending up to this may be short"),
                optional(7, "reason", Types.StringType.get(), "why the job lost its state")),
            Set.of(1, 2));
    Map<String, String> properties = new HashMap<>(streamingAppendProperties("none"));
    // One row per (job, source), the identifier fields: Flink upserts replace it.
    properties.put(TableProperties.UPSERT_ENABLED, "true");
    return new LakeTable(
        TableIdentifier.of("ops", "progress"),
        schema,
        PartitionSpec.unpartitioned(),
        SortOrder.unsorted(),
        properties);
  }
}
