-- Reads: lake.ops.progress (one row per job and source, upserted by the window jobs each time a
--        minute closes; rows whose source starts with 'gap ' record a start without state and
--        carry no watermark).
-- Writes: nothing.
-- The watermark of one job (parameter 1: its name) in epoch milliseconds: windows that end at or
-- before it are final.
SELECT CAST(floor(to_unixtime(max("watermark")) * 1000) AS bigint) AS watermark_ms
FROM lake.ops.progress
WHERE job = ? AND source NOT LIKE 'gap %'
