package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The lake's side of the pipeline's health, through Trino: each table's newest commit from its
 * Iceberg {@code $snapshots} metadata table, and how many records came late.
 */
final class LakeHealth {
  static final String TABLE_COMMITS_SQL = WatermarkReader.resource("table_commits.sql");
  static final String LATE_RECORDS_SQL = WatermarkReader.resource("late_records.sql");

  private final TrinoPool trino;

  LakeHealth(TrinoPool trino) {
    this.trino = requireNonNull(trino, "trino is null");
  }

  /** Every lake table's newest commit, in the order of the catalog's declarations. */
  List<TableCommit> tableCommits() {
    return trino.query(
        "read the lake tables' snapshots",
        new SqlStatement(TABLE_COMMITS_SQL, List.of()),
        row ->
            new TableCommit(
                row.getString(1),
                WatermarkReader.nullableLong(row, 2),
                row.getLong(3),
                row.getString(4),
                WatermarkReader.nullableLong(row, 5)));
  }

  /** The late and the counted records reported in [from, to). */
  LateRecords lateRecords(long from, long to) {
    String start = SeriesSql.timestamp(from);
    String end = SeriesSql.timestamp(to);
    return trino
        .query(
            "count the late records",
            new SqlStatement(LATE_RECORDS_SQL, List.of(start, end, start, end)),
            row -> new LateRecords(from, to, row.getLong(1), row.getLong(2)))
        .get(0);
  }
}
