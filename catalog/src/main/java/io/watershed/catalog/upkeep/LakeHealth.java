package io.watershed.catalog.upkeep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Reads a table's health from its metadata alone: the current snapshot's manifests (one read of
 * each, no data file opened), its snapshot list and metadata log.
 */
public final class LakeHealth {
  private LakeHealth() {}

  /** The health of {@code table} as it is now. */
  public static TableHealth of(String name, Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    long snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    long metadataFiles =
        table instanceof HasTableOperations operations
            ? operations.operations().current().previousFiles().size() + 1L
            : 0;
    if (current == null) {
      return new TableHealth(name, 0, 0, 0, 0, 0, 0, 0, 0, snapshots, 0, metadataFiles);
    }
    Map<String, Long> filesPerPartition = new HashMap<>();
    long dataFiles = 0;
    long dataBytes = 0;
    long records = 0;
    for (ManifestFile manifest : current.dataManifests(table.io())) {
      try (ManifestReader<DataFile> reader =
          ManifestFiles.read(manifest, table.io(), table.specs())) {
        for (DataFile file : reader) {
          dataFiles++;
          dataBytes += file.fileSizeInBytes();
          records += file.recordCount();
          PartitionSpec spec = table.specs().get(file.specId());
          String partition = file.specId() + "/" + spec.partitionToPath(file.partition());
          filesPerPartition.merge(partition, 1L, Long::sum);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read manifests of table %s: %s".formatted(name, e.getMessage()), e);
      }
    }
    long deleteFiles = 0;
    long deleteBytes = 0;
    List<ManifestFile> deleteManifests = current.deleteManifests(table.io());
    for (ManifestFile manifest : deleteManifests) {
      try (ManifestReader<DeleteFile> reader =
          ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
        for (DeleteFile file : reader) {
          deleteFiles++;
          deleteBytes += file.fileSizeInBytes();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot read delete manifests of table %s: %s".formatted(name, e.getMessage()), e);
      }
    }
    long partitions = filesPerPartition.size();
    long maxPerPartition = filesPerPartition.values().stream().mapToLong(x -> x).max().orElse(0);
    return new TableHealth(
        name,
        dataFiles,
        deleteFiles,
        records,
        dataBytes + deleteBytes,
        dataFiles == 0 ? 0 : dataBytes / dataFiles,
        partitions,
        maxPerPartition,
        partitions == 0 ? 0 : (double) dataFiles / partitions,
        snapshots,
        current.allManifests(table.io()).size(),
        metadataFiles);
  }
}
