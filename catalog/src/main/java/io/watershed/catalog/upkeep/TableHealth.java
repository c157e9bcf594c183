package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

/**
 * The health of one lake table, read from its Iceberg metadata (current snapshot).
 *
 * @param table {@code namespace.name}
 * @param dataFiles live data files
 * @param deleteFiles live delete files (position and equality)
 * @param records rows in the data files, before deletes are applied
 * @param totalBytes bytes of the live data and delete files
 * @param averageDataFileBytes mean data file size; 0 without data files
 * @param partitions partitions holding at least one data file
 * @param maxDataFilesPerPartition data files of the fullest partition
 * @param averageDataFilesPerPartition mean data files per partition
 * @param snapshots snapshots in the table's metadata (what time travel can reach)
 * @param manifests manifests of the current snapshot
 * @param metadataFiles metadata.json files the table tracks (current and previous)
 */
public record TableHealth(
    String table,
    long dataFiles,
    long deleteFiles,
    long records,
    long totalBytes,
    long averageDataFileBytes,
    long partitions,
    long maxDataFilesPerPartition,
    double averageDataFilesPerPartition,
    long snapshots,
    long manifests,
    long metadataFiles) {
  public TableHealth {
    requireNonNull(table, "table is null");
  }
}
