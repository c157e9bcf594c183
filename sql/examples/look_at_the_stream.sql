-- Reads: Kafka ${topic.clean-ubc}: the cleaned UBC records (layer 2), from now on.
-- Writes: nothing: a look at the stream. Its rows print in the terminal as they come.
--   ./watershed jobs submit sql/examples/look_at_the_stream.sql --max-rows 20
CREATE TEMPORARY TABLE clean_ubc (
  event_id STRING,
  ubc STRING,
  log_type STRING,
  report_ts TIMESTAMP_LTZ(3),
  os STRING,
  net STRING,
  ext MAP<STRING, STRING>,
  duration_ms BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean-ubc}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'scan.startup.mode' = 'latest-offset',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- ubc_dims maps the record's dimensions with the monitor service's current rules, as the jobs do.
SELECT report_ts, ubc, duration_ms, ubc_dims(ubc, MAP['os', os, 'net', net], ext) AS dims
FROM clean_ubc
WHERE log_type <> 'tick';
