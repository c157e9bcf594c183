-- Reads: lake.ubc.events (the typed, deduplicated UBC events), one day of it.
-- Writes: lake.examples.device_daily (created when missing): per day, UBC id and device, the
--         events and the summed duration; each day it covers is replaced on each run.
-- Flink batch SQL over the lake, for heavy offline work Trino should not carry: the job reads
-- the Iceberg snapshot as it is when it starts, runs to its end and commits once.
--   ./watershed jobs submit sql/examples/daily_device_report_batch.sql
SET 'execution.runtime-mode' = 'batch';

CREATE DATABASE IF NOT EXISTS lake.examples;

CREATE TABLE IF NOT EXISTS lake.examples.device_daily (
  `day` DATE,
  ubc STRING,
  device_id STRING,
  events BIGINT,
  duration_ms BIGINT
) PARTITIONED BY (`day`);

INSERT OVERWRITE lake.examples.device_daily
SELECT
  CAST(report_ts AS DATE) AS `day`,
  ubc,
  device_id,
  COUNT(*),
  SUM(COALESCE(duration_ms, 0))
FROM lake.ubc.events
-- Whole days only (yesterday and today, UTC): an overwritten day is replaced by all of its rows.
WHERE CAST(report_ts AS DATE) >= CURRENT_DATE - INTERVAL '1' DAY
GROUP BY CAST(report_ts AS DATE), ubc, device_id;
