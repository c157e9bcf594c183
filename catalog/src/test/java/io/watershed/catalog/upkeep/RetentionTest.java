package io.watershed.catalog.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.catalog.LakeTables;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention cutoff, and retention applied to a real Iceberg table of the lake's shape. */
class RetentionTest {
  @TempDir Path directory;
  private HadoopCatalog catalog;

  @BeforeEach
  void open() {
    catalog = new HadoopCatalog(new Configuration(), directory.toUri().toString());
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void theCutoffIsTheStartOfTheUtcDayRetentionAgo() {
    Instant now = Instant.parse("2026-12-07T16:45:12.345Z");
    assertThat(Retention.cutoff(now, Duration.ofDays(30)))
        .isEqualTo(Instant.parse("2026-11-07T00:00:00Z"));
    assertThat(Retention.cutoff(now, Duration.ofHours(36)))
        .isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
  }

  @Test
  void atMidnightTheCutoffIsThatMidnight() {
    Instant midnight = Instant.parse("2026-12-07T00:00:00Z");
    assertThat(Retention.cutoff(midnight, Duration.ofDays(30)))
        .isEqualTo(Instant.parse("2026-11-07T00:00:00Z"));
    assertThat(Retention.cutoff(midnight.minusNanos(1000), Duration.ofDays(30)))
        .isEqualTo(Instant.parse("2026-11-06T00:00:00Z"));
  }

  @Test
  void aDroppedDayIsWhollyOlderThanTheRetention() {
    Instant now = Instant.parse("2026-12-07T09:00:00Z");
    Duration retention = Duration.ofDays(30);
    Instant cutoff = Retention.cutoff(now, retention);
    // the last instant of the newest dropped day is at least the retention old
    assertThat(Duration.between(cutoff.minusNanos(1000), now)).isGreaterThan(retention);
  }

  @Test
  void dropsTheDaysBeforeTheCutoffAndKeepsTheDayAtIt() {
    Table table = lateTable();
    LocalDate cutoffDay = LocalDate.parse("2026-11-07");
    AppendFiles append = table.newAppend();
    for (LocalDate day = cutoffDay.minusDays(3); !day.isAfter(cutoffDay.plusDays(1)); ) {
      append.appendFile(file(table.spec(), day, 10));
      append.appendFile(file(table.spec(), day, 5));
      day = day.plusDays(1);
    }
    append.commit();

    Retention.Dropped dropped =
        Retention.apply(table, "report_ts", cutoffDay.atStartOfDay(ZoneOffset.UTC).toInstant());

    assertThat(dropped).isEqualTo(new Retention.Dropped(6, 45));
    assertThat(filesPerDay(table))
        .isEqualTo(Map.of("report_ts_day=2026-11-07", 2, "report_ts_day=2026-11-08", 2));
  }

  @Test
  void nothingThatOldCommitsNothing() {
    Table table = lateTable();
    table.newAppend().appendFile(file(table.spec(), LocalDate.parse("2026-11-07"), 3)).commit();
    long snapshot = table.currentSnapshot().snapshotId();

    Retention.Dropped dropped =
        Retention.apply(table, "report_ts", Instant.parse("2026-11-07T00:00:00Z"));

    assertThat(dropped).isEqualTo(new Retention.Dropped(0, 0));
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshot);
  }

  @Test
  void healthCountsFilesPerPartition() {
    Table table = lateTable();
    AppendFiles append = table.newAppend();
    for (int i = 0; i < 3; i++) {
      append.appendFile(file(table.spec(), LocalDate.parse("2026-11-07"), 1));
    }
    append.appendFile(file(table.spec(), LocalDate.parse("2026-11-08"), 1));
    append.commit();

    TableHealth health = LakeHealth.of("ubc.late", table);

    assertThat(health.dataFiles()).isEqualTo(4);
    assertThat(health.deleteFiles()).isZero();
    assertThat(health.records()).isEqualTo(4);
    assertThat(health.partitions()).isEqualTo(2);
    assertThat(health.maxDataFilesPerPartition()).isEqualTo(3);
    assertThat(health.averageDataFilesPerPartition()).isEqualTo(2.0);
    assertThat(health.averageDataFileBytes()).isEqualTo(1024);
    assertThat(health.snapshots()).isEqualTo(1);
    assertThat(health.manifests()).isEqualTo(1);
  }

  @Test
  void everyDayPartitionedLakeTableNamesItsColumn() {
    assertThat(TablePolicy.dayPartitionColumn(LakeTables.UBC_LATE)).contains("report_ts");
    assertThat(TablePolicy.dayPartitionColumn(LakeTables.LOGS_LINES)).contains("ingest_ts");
    assertThat(TablePolicy.dayPartitionColumn(LakeTables.OPS_PROGRESS)).isEmpty();
  }

  private Table lateTable() {
    return catalog.createTable(
        TableIdentifier.of("ubc", "late"),
        LakeTables.UBC_LATE.schema(),
        LakeTables.UBC_LATE.spec(),
        Map.of("format-version", "2"));
  }

  /** A data file of {@code rows} rows on {@code day}: metadata only, retention opens no file. */
  private static DataFile file(PartitionSpec spec, LocalDate day, long rows) {
    return DataFiles.builder(spec)
        .withPath("/data/" + day + "/" + java.util.UUID.randomUUID() + ".parquet")
        .withFormat(FileFormat.PARQUET)
        .withPartitionPath("report_ts_day=" + day)
        .withRecordCount(rows)
        .withFileSizeInBytes(1024)
        .build();
  }

  private static Map<String, Integer> filesPerDay(Table table) {
    Map<String, Integer> days = new TreeMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      for (FileScanTask task : tasks) {
        days.merge(table.spec().partitionToPath(task.file().partition()), 1, Integer::sum);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return days;
  }
}
