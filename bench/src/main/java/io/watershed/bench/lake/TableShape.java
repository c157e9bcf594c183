package io.watershed.bench.lake;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The shape of one lake table as Trino's metadata tables show it: data and delete files of the
 * simulated day's partition (all files for an unpartitioned table), snapshots, manifests of the
 * current snapshot and their bytes, and the rows the bench wrote.
 *
 * @param dataFiles data files in the day's partition
 * @param deleteFiles position and equality delete files in it
 * @param snapshots snapshots the table keeps
 * @param manifests manifests of the current snapshot
 * @param manifestBytes their size
 * @param rows the bench's rows, counted through Trino
 */
record TableShape(
    long dataFiles,
    long deleteFiles,
    long snapshots,
    long manifests,
    long manifestBytes,
    long rows) {

  /**
   * Measures {@code table} ({@code ns.name}); {@code partition} filters {@code $files} to the day's
   * partition (empty: all files); {@code rows} counts the bench's rows.
   */
  static TableShape measure(Connection trino, String table, String partition, String rows)
      throws SQLException {
    String[] parts = table.split("\\.");
    String meta = "lake." + parts[0] + ".\"" + parts[1] + "$";
    String where = partition.isEmpty() ? "" : " AND " + partition;
    return new TableShape(
        single(trino, "SELECT count(*) FROM " + meta + "files\" WHERE content = 0" + where),
        single(trino, "SELECT count(*) FROM " + meta + "files\" WHERE content <> 0" + where),
        single(trino, "SELECT count(*) FROM " + meta + "snapshots\""),
        single(trino, "SELECT count(*) FROM " + meta + "manifests\""),
        single(trino, "SELECT coalesce(sum(length), 0) FROM " + meta + "manifests\""),
        single(trino, rows));
  }

  static long single(Connection trino, String sql) throws SQLException {
    try (Statement statement = trino.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        throw new SQLException("no row from " + sql);
      }
      return result.getLong(1);
    }
  }
}
