package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

/**
 * A lake table's freshness: its newest Iceberg snapshot.
 *
 * @param table the table in the lake catalog, e.g. {@code ubc.events}
 * @param lastCommit when its newest snapshot was committed, epoch ms; null before the first commit
 * @param snapshots how many snapshots it keeps
 * @param operation the newest snapshot's operation ({@code append}, {@code overwrite}, ...), or
 *     null
 * @param totalRecords the records in its data files at the newest snapshot (deletes not
 *     subtracted), or null
 */
public record TableCommit(
    String table, Long lastCommit, long snapshots, String operation, Long totalRecords) {
  public TableCommit {
    requireNonNull(table, "table is null");
  }
}
