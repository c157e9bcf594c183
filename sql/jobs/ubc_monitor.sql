-- Reads: Kafka ${topic.clean-ubc}: cleaned UBC records (layer 2, written by ubc_clean) and ticks
--        (log_type 'tick', contracts Ticks).
-- Writes: Kafka ${topic.monitor}: one small monitoring record per event (~0.2 KB): event id, UBC
--         id, log type, report time, d1..d6 mapped by the monitor service's dimension rules (pulled
--         by ubc_dims on a heartbeat, applied without a restart), duration, rules version and the
--         device id for the distinct-device sketches. The window job reads this queue. Ticks pass
--         in their lane as t = 'tick' with their report time, without id, UBC id or rules.
CREATE TEMPORARY TABLE clean_ubc (
  event_id STRING,
  ubc STRING,
  log_type STRING,
  report_ts TIMESTAMP_LTZ(3),
  os STRING,
  os_version STRING,
  device_id STRING,
  app STRING,
  app_version STRING,
  net STRING,
  ext MAP<STRING, STRING>,
  duration_ms BIGINT,
  lane INT METADATA FROM 'partition' VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean-ubc}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${group.id}',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  'scan.bounded.mode' = '${scan.bounded-mode}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

-- Keyed by lane (the partition it came from, which ubc_clean kept for its raw partition): each
-- partition holds one lane in report-time order, so the window job's per-partition watermarks see
-- no more disorder than the raw partitions had.
CREATE TEMPORARY TABLE monitor_queue (
  id STRING,
  ubc STRING,
  t STRING,
  rts BIGINT,
  d1 STRING,
  d2 STRING,
  d3 STRING,
  d4 STRING,
  d5 STRING,
  d6 STRING,
  dur BIGINT,
  rv BIGINT,
  dev STRING,
  lane INT
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.monitor}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.compression.type' = 'lz4',
  'properties.linger.ms' = '50',
  'sink.delivery-guarantee' = 'at-least-once',
  'sink.partitioner' = 'io.watershed.jobs.LanePartitioner',
  'key.format' = 'raw',
  'key.fields' = 'lane',
  'value.format' = 'json',
  'value.fields-include' = 'EXCEPT_KEY',
  'value.json.encode.ignore-null-fields' = 'true'
);

INSERT INTO monitor_queue
SELECT
  m.trimmed.id, m.trimmed.ubc, m.trimmed.t, m.trimmed.rts,
  m.trimmed.d1, m.trimmed.d2, m.trimmed.d3, m.trimmed.d4, m.trimmed.d5, m.trimmed.d6,
  m.trimmed.dur, m.trimmed.rv, m.dev, m.lane
FROM (
  SELECT
    ubc_trim(
      event_id, ubc, log_type, report_ts,
      -- A tick has no UBC id to map (and must not count as an unknown one).
      CASE WHEN log_type = 'tick' THEN NULL ELSE ubc_dims(
        ubc,
        MAP['os', os, 'osv', os_version, 'did', device_id, 'app', app, 'appv', app_version,
            'net', net],
        ext) END,
      duration_ms) AS trimmed,
    SUBSTRING(device_id FROM 1 FOR 64) AS dev,
    lane
  FROM clean_ubc
) AS m;
