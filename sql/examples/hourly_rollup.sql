-- Reads: Kafka ${topic.clean-ubc}: the cleaned UBC records (layer 2), by report time.
-- Writes: lake.examples.ubc_hourly (created when missing): per UBC id, OS and hour, the page
--         views, the summed duration and the distinct devices, one row per closed hour.
-- An hourly rollup into a new lake table: event-time windows that close one minute behind the
-- newest report time; the Iceberg sink commits at each checkpoint, exactly once.
--   ./watershed jobs submit sql/examples/hourly_rollup.sql
--   ./watershed trino --execute "SELECT * FROM lake.examples.ubc_hourly ORDER BY hour_start DESC LIMIT 20"
CREATE DATABASE IF NOT EXISTS lake.examples;

CREATE TABLE IF NOT EXISTS lake.examples.ubc_hourly (
  hour_start TIMESTAMP_LTZ(3),
  ubc STRING,
  os STRING,
  pv BIGINT,
  duration_ms BIGINT,
  devices BIGINT
);

CREATE TEMPORARY TABLE clean_ubc (
  event_id STRING,
  ubc STRING,
  log_type STRING,
  report_ts TIMESTAMP_LTZ(3),
  os STRING,
  device_id STRING,
  duration_ms BIGINT,
  WATERMARK FOR report_ts AS report_ts - INTERVAL '1' MINUTE
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean-ubc}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${group.id}',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true',
  'json.timestamp-format.standard' = 'ISO-8601'
);

/* Both INSERT forms work: a statement set names the INSERTs that run together as one job. */
EXECUTE STATEMENT SET
BEGIN
  INSERT INTO lake.examples.ubc_hourly
  SELECT
    window_start,
    ubc,
    COALESCE(os, 'unknown'),
    COUNT(*),
    SUM(COALESCE(duration_ms, 0)),
    COUNT(DISTINCT device_id)
  FROM TABLE(TUMBLE(TABLE clean_ubc, DESCRIPTOR(report_ts), INTERVAL '1' HOUR))
  WHERE log_type <> 'tick'
  GROUP BY window_start, window_end, ubc, COALESCE(os, 'unknown');
END;
