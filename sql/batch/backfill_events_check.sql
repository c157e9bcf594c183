-- The dry run of backfill_events.sql: per report-time day of [from, to), the events
-- lake.ubc.events holds now and the events the backfill would write from lake.logs.lines (same
-- parsing, same filter, one copy of each event id). ./watershed backfill prints it, and refuses
-- a day that would end with fewer events than it has.
SET 'execution.runtime-mode' = 'batch';

SELECT
  COALESCE(lake_side.report_day, raw_side.report_day) AS report_day,
  COALESCE(lake_side.events, 0) AS events_now,
  COALESCE(raw_side.events, 0) AS events_replayed
FROM (
  SELECT
    DATE_FORMAT(report_ts, 'yyyy-MM-dd') AS report_day,
    COUNT(*) AS events
  FROM lake.ubc.events
  WHERE report_ts >= TO_TIMESTAMP_LTZ(${backfill.from-ms}, 3)
    AND report_ts < TO_TIMESTAMP_LTZ(${backfill.to-ms}, 3)
  GROUP BY DATE_FORMAT(report_ts, 'yyyy-MM-dd')
) AS lake_side
FULL OUTER JOIN (
  SELECT
    DATE_FORMAT(report_ts, 'yyyy-MM-dd') AS report_day,
    COUNT(DISTINCT event_id) AS events
  FROM (
    SELECT p.event_id AS event_id, p.report_ts AS report_ts
    FROM (
      SELECT ubc_parse(line) AS p
      FROM lake.logs.lines
      WHERE source = 'ubc'
        AND ingest_ts >= TO_TIMESTAMP_LTZ(${backfill.from-ms} - 86400000, 3)
    )
    WHERE p.reason IS NULL
      AND p.report_ts >= TO_TIMESTAMP_LTZ(${backfill.from-ms}, 3)
      AND p.report_ts < TO_TIMESTAMP_LTZ(${backfill.to-ms}, 3)
  )
  GROUP BY DATE_FORMAT(report_ts, 'yyyy-MM-dd')
) AS raw_side
ON lake_side.report_day = raw_side.report_day
ORDER BY 1;
