-- Reads: Kafka ${topic.clean-ubc}: the cleaned UBC records (layer 2, written by ubc_clean).
-- Writes: Kafka ws.alerts.slow-events: one JSON alert per event slower than 5 seconds, with its
--         device and a text a pager or a chat hook can show as is.
-- An alert-style filter: no state, no windows; an on-call consumer reads the topic.
--   ./watershed jobs submit sql/examples/slow_events_alert.sql
CREATE TEMPORARY TABLE clean_ubc (
  event_id STRING,
  ubc STRING,
  log_type STRING,
  report_ts TIMESTAMP_LTZ(3),
  os STRING,
  device_id STRING,
  app_version STRING,
  duration_ms BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean-ubc}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${group.id}',
  'properties.auto.offset.reset' = 'latest',
  'scan.startup.mode' = 'group-offsets',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true',
  'json.timestamp-format.standard' = 'ISO-8601'
);

CREATE TEMPORARY TABLE slow_events (
  event_id STRING,
  ubc STRING,
  device_id STRING,
  duration_ms BIGINT,
  report_ts TIMESTAMP_LTZ(3),
  alert STRING
) WITH (
  'connector' = 'kafka',
  'topic' = 'ws.alerts.slow-events',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

INSERT INTO slow_events
SELECT
  event_id,
  ubc,
  device_id,
  duration_ms,
  report_ts,
  -- A ';' inside a string does not end the statement.
  ubc || ' took ' || CAST(duration_ms / 1000 AS STRING) || ' s on ' || COALESCE(os, '?')
    || ' ' || COALESCE(app_version, '') || '; device ' || device_id
FROM clean_ubc
WHERE log_type <> 'tick' AND duration_ms > 5000;
