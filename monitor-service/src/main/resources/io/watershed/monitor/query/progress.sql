-- Reads: lake.ops.progress (one row per job and source, upserted by the window jobs each time a
--        minute closes; rows whose source starts with 'gap ' record a start without state and
--        are left out).
-- Writes: nothing.
-- Every job's watermark and when it last moved, in epoch milliseconds.
SELECT
  job,
  source,
  CAST(floor(to_unixtime("watermark") * 1000) AS bigint) AS watermark_ms,
  CAST(floor(to_unixtime(updated_at) * 1000) AS bigint) AS updated_at_ms
FROM lake.ops.progress
WHERE source NOT LIKE 'gap %'
ORDER BY job, source
LIMIT 1000
