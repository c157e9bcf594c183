-- Reads: the Iceberg metadata table "<table>$snapshots" of each lake table, as declared in
--        catalog/ LakeTables.ALL (logs.lines, ubc.events, ubc.rejects, ubc.metrics_1m,
--        ubc.metrics_5m, ubc.late, ops.progress); keep this list equal to that one.
-- Writes: nothing.
-- Per table, in that order: when its newest snapshot was committed (epoch ms; null before the
-- first commit), how many snapshots it keeps, and the newest snapshot's operation and total
-- records (from the snapshot summary).
SELECT lake_table, last_commit_ms, snapshots, operation, total_records
FROM (
  SELECT 1 AS position, 'logs.lines' AS lake_table,
    CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint) AS last_commit_ms, count(*) AS snapshots,
    max_by(operation, committed_at) AS operation,
    CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint) AS total_records
  FROM lake.logs."lines$snapshots"
  UNION ALL
  SELECT 2, 'ubc.events', CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint), count(*),
    max_by(operation, committed_at), CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint)
  FROM lake.ubc."events$snapshots"
  UNION ALL
  SELECT 3, 'ubc.rejects', CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint), count(*),
    max_by(operation, committed_at), CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint)
  FROM lake.ubc."rejects$snapshots"
  UNION ALL
  SELECT 4, 'ubc.metrics_1m', CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint), count(*),
    max_by(operation, committed_at), CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint)
  FROM lake.ubc."metrics_1m$snapshots"
  UNION ALL
  SELECT 5, 'ubc.metrics_5m', CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint), count(*),
    max_by(operation, committed_at), CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint)
  FROM lake.ubc."metrics_5m$snapshots"
  UNION ALL
  SELECT 6, 'ubc.late', CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint), count(*),
    max_by(operation, committed_at), CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint)
  FROM lake.ubc."late$snapshots"
  UNION ALL
  SELECT 7, 'ops.progress', CAST(floor(to_unixtime(max(committed_at)) * 1000) AS bigint), count(*),
    max_by(operation, committed_at), CAST(max_by(element_at(summary, 'total-records'), committed_at) AS bigint)
  FROM lake.ops."progress$snapshots")
ORDER BY position
