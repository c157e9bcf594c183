package io.watershed.catalog.upkeep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Retention by whole partitions, in-process through Iceberg core: rows of a day-partitioned table
 * whose partition column lies before a cutoff at the start of a UTC day are deleted with one
 * metadata-only commit. An aligned cutoff on the partition's source column matches whole files only
 * (Iceberg refuses a delete that would match part of a file), so no data file is rewritten.
 */
public final class Retention {
  private Retention() {}

  /**
   * The cutoff: {@code now - retention}, rounded down to the start of its UTC day. Rows before it
   * are dropped; the day partition starting at the cutoff, and every later one, is kept whole. A
   * dropped partition's newest row is thus always at least {@code retention} old.
   */
  public static Instant cutoff(Instant now, Duration retention) {
    return now.minus(retention).truncatedTo(ChronoUnit.DAYS);
  }

  /**
   * Deletes every row of {@code table} whose {@code column} is before {@code cutoff}.
   *
   * @return the deleted data files and records (zero when nothing was that old: then nothing is
   *     committed)
   */
  static Dropped apply(Table table, String column, Instant cutoff) {
    table.refresh();
    Snapshot before = table.currentSnapshot();
    Expression older =
        Expressions.lessThan(column, TimeUnit.MILLISECONDS.toMicros(cutoff.toEpochMilli()));
    // No empty commit when nothing is that old: a round must not add a snapshot for nothing.
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().filter(older).ignoreResiduals().planFiles()) {
      if (!tasks.iterator().hasNext()) {
        return new Dropped(0, 0);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot plan retention of table %s: %s".formatted(table.name(), e.getMessage()), e);
    }
    table.newDelete().deleteFromRowFilter(older).set("watershed.upkeep", "retention").commit();
    Snapshot after = table.currentSnapshot();
    if (after == null || before != null && after.snapshotId() == before.snapshotId()) {
      return new Dropped(0, 0);
    }
    Map<String, String> summary = after.summary();
    return new Dropped(
        number(summary, SnapshotSummary.DELETED_FILES_PROP),
        number(summary, SnapshotSummary.DELETED_RECORDS_PROP));
  }

  private static long number(Map<String, String> summary, String key) {
    String value = summary.get(key);
    return value == null ? 0 : Long.parseLong(value);
  }

  /** What one retention commit removed. */
  record Dropped(long dataFiles, long records) {}
}
