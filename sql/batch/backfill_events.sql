-- Backfill (./watershed backfill --from DAY --to DAY): replays the raw UBC records that
-- lake.logs.lines kept through the cleaning of ubc_clean (the same ubc_parse, one copy of each
-- event id) into lake.ubc.events, replacing whole report-time days [from, to).
--
-- Reads:  lake.logs.lines, source 'ubc', collected from a day before `from` up to now (a record
--         reaches the intake after its report time; a client clock a day ahead is allowed for).
-- Writes: lake.ubc.events, INSERT OVERWRITE: Iceberg replaces exactly the day partitions this
--         job writes rows into, in one commit; a day without raw records is left as it is.
--
-- Idempotent: a second run over the same raw records writes the same rows and replaces the same
-- days. The runner checks first (the dry run, backfill_events_check.sql) that no day would end
-- with fewer events than it has, which happens when logs.lines no longer holds a day's raw records.
SET 'execution.runtime-mode' = 'batch';

INSERT OVERWRITE lake.ubc.events
SELECT
  event_id, ubc, log_type, channel, event_ts, report_ts, os, os_version, device_id, app,
  app_version, net, ext, duration_ms, ingest_ts
FROM (
  SELECT
    p.event_id, p.ubc, p.log_type, channel, p.event_ts, p.report_ts, p.os, p.os_version,
    p.device_id, p.app, p.app_version, p.net, p.ext, p.duration_ms, ingest_ts,
    ROW_NUMBER() OVER (
      PARTITION BY p.event_id ORDER BY ingest_ts ASC, batch_id ASC, batch_index ASC) AS copy
  FROM (
    SELECT ubc_parse(line) AS p, channel, batch_id, batch_index, ingest_ts
    FROM lake.logs.lines
    WHERE source = 'ubc'
      AND ingest_ts >= TO_TIMESTAMP_LTZ(${backfill.from-ms} - 86400000, 3)
  )
  WHERE p.reason IS NULL
    AND p.report_ts >= TO_TIMESTAMP_LTZ(${backfill.from-ms}, 3)
    AND p.report_ts < TO_TIMESTAMP_LTZ(${backfill.to-ms}, 3)
)
WHERE copy = 1;
