package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

import io.watershed.catalog.LakeTables;
import io.watershed.catalog.LakeTables.LakeTable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * What upkeep does to one lake table.
 *
 * @param table the table
 * @param retention how long rows are kept, counted on {@code retentionColumn}; empty: for ever
 * @param retentionColumn the source column of the table's day partitioning, which retention cuts
 *     on; empty when the table has none (then it has no retention either)
 * @param snapshotRetention snapshots older than this are expired (the newest is always kept)
 */
public record TablePolicy(
    TableIdentifier table,
    Optional<Duration> retention,
    Optional<String> retentionColumn,
    Duration snapshotRetention) {
  /** Retention per table when the config names none: rejects and late records go soonest. */
  static final Map<TableIdentifier, Optional<Duration>> DEFAULT_RETENTION =
      Map.of(
          LakeTables.LOGS_LINES.identifier(), Optional.of(Duration.ofDays(90)),
          LakeTables.UBC_EVENTS.identifier(), Optional.of(Duration.ofDays(180)),
          LakeTables.UBC_REJECTS.identifier(), Optional.of(Duration.ofDays(30)),
          LakeTables.UBC_METRICS_1M.identifier(), Optional.of(Duration.ofDays(400)),
          LakeTables.UBC_METRICS_5M.identifier(), Optional.of(Duration.ofDays(400)),
          LakeTables.UBC_LATE.identifier(), Optional.of(Duration.ofDays(30)),
          // The corrected views add these to the metrics: kept as long as the metrics.
          LakeTables.UBC_CORRECTIONS.identifier(), Optional.of(Duration.ofDays(400)),
          LakeTables.OPS_PROGRESS.identifier(), Optional.empty());

  public TablePolicy {
    requireNonNull(table, "table is null");
    requireNonNull(retention, "retention is null");
    requireNonNull(retentionColumn, "retentionColumn is null");
    requireNonNull(snapshotRetention, "snapshotRetention is null");
    if (retention.isPresent() && retentionColumn.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot keep table %s for %s: it has no day partitioning to drop partitions by"
              .formatted(table, Ages.format(retention.get())));
    }
  }

  /** The default retention of a lake table ({@code none} for ops.progress). */
  static Optional<Duration> defaultRetention(LakeTable table) {
    return DEFAULT_RETENTION.getOrDefault(table.identifier(), Optional.empty());
  }

  /**
   * The snapshot age the table's declaration gives ({@code history.expire.max-snapshot-age-ms}).
   */
  static Duration defaultSnapshotRetention(LakeTable table) {
    String millis = table.properties().get(TableProperties.MAX_SNAPSHOT_AGE_MS);
    return millis == null
        ? Duration.ofMillis(TableProperties.MAX_SNAPSHOT_AGE_MS_DEFAULT)
        : Duration.ofMillis(Long.parseLong(millis));
  }

  /** The source column of the table's {@code day(...)} partition field, if it has one. */
  static Optional<String> dayPartitionColumn(LakeTable table) {
    for (PartitionField field : table.spec().fields()) {
      if (field.transform().toString().equals("day")) {
        return Optional.of(table.schema().findColumnName(field.sourceId()));
      }
    }
    return Optional.empty();
  }

  /** A copy whose snapshots are expired after {@code age} instead. */
  public TablePolicy withSnapshotRetention(Duration age) {
    return new TablePolicy(table, retention, retentionColumn, age);
  }
}
