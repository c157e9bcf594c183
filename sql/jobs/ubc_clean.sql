-- Reads: Kafka ${topic.raw-ubc}: raw UBC lines from the HTTP intake, provenance in headers, and
--        the intake's ticks (empty records with a 'tick' header holding their report time,
--        contracts Ticks).
-- Writes: lake.ubc.events (valid records, typed, each event id once), Kafka ${topic.clean-ubc} (valid records as JSON,
--         layer 2, keyed by their lane: the raw partition, kept in order into the partition of the
--         same number; ticks too, as log_type 'tick' with their time as report_ts) and
--         lake.ubc.rejects (invalid records: the reason and the record as received). Ticks never
--         reach the lake.
CREATE TEMPORARY TABLE raw_ubc (
  line STRING,
  headers MAP<STRING, BYTES> METADATA FROM 'headers' VIRTUAL,
  kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  lane INT METADATA FROM 'partition' VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.raw-ubc}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${group.id}',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  'scan.bounded.mode' = '${scan.bounded-mode}',
  'format' = 'raw'
);

CREATE TEMPORARY TABLE clean_ubc (
  event_id STRING,
  ubc STRING,
  log_type STRING,
  channel STRING,
  event_ts TIMESTAMP_LTZ(3),
  report_ts TIMESTAMP_LTZ(3),
  os STRING,
  os_version STRING,
  device_id STRING,
  app STRING,
  app_version STRING,
  net STRING,
  ext MAP<STRING, STRING>,
  duration_ms BIGINT,
  app_key STRING,
  batch_id STRING,
  batch_index INT,
  ingest_ts TIMESTAMP_LTZ(3),
  lane INT
) WITH (
  'connector' = 'kafka',
  'topic' = '${topic.clean-ubc}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'sink.delivery-guarantee' = 'at-least-once',
  'properties.compression.type' = 'lz4',
  'properties.linger.ms' = '50',
  'sink.partitioner' = 'io.watershed.jobs.LanePartitioner',
  'key.format' = 'raw',
  'key.fields' = 'lane',
  'value.format' = 'json',
  'value.fields-include' = 'EXCEPT_KEY',
  'value.json.timestamp-format.standard' = 'ISO-8601'
);

-- ubc_parse once a record, shared by all three sinks (udfs/README.md: it returns a ROW, and the
-- runner's digest-based block reuse makes this view one operator).
CREATE TEMPORARY VIEW parsed_rows AS
SELECT
  ubc_parse(CASE WHEN headers['tick'] IS NULL THEN line END) AS p,
  COALESCE(line, '') AS line,
  CAST(headers['app'] AS STRING) AS app_key,
  CAST(headers['channel'] AS STRING) AS channel,
  CAST(headers['batch_id'] AS STRING) AS batch_id,
  TRY_CAST(CAST(headers['batch_index'] AS STRING) AS INT) AS batch_index,
  COALESCE(
    TO_TIMESTAMP_LTZ(TRY_CAST(CAST(headers['receive_ts'] AS STRING) AS BIGINT), 3),
    kafka_ts) AS ingest_ts,
  lane,
  headers['tick'] IS NOT NULL AS tick,
  TO_TIMESTAMP_LTZ(TRY_CAST(CAST(headers['tick'] AS STRING) AS BIGINT), 3) AS tick_ts
FROM raw_ubc;

CREATE TEMPORARY VIEW parsed AS
SELECT
  p.reason, p.event_id, p.ubc, p.log_type, p.event_ts, p.report_ts, p.os, p.os_version,
  p.device_id, p.app, p.app_version, p.net, p.ext, p.duration_ms,
  line, app_key, channel, batch_id, batch_index, ingest_ts, lane, tick, tick_ts
FROM parsed_rows;

-- Each event once in ubc.events. A client whose answer was lost in an outage (Kafka down, the
-- intake restarting) sends the same event again in another batch; the first copy of each event id
-- wins. Ids are remembered for jobs.dedup-horizon (the runner sets it as this job's state TTL),
-- longer than any client retries.
CREATE TEMPORARY VIEW first_copies AS
SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY proc_time ASC) AS copy
  FROM (SELECT *, PROCTIME() AS proc_time FROM parsed WHERE reason IS NULL AND NOT tick)
) WHERE copy = 1;

INSERT INTO lake.ubc.events
SELECT
  event_id, ubc, log_type, channel, event_ts, report_ts, os, os_version,
  device_id, app, app_version, net, ext, duration_ms, ingest_ts
FROM first_copies;

-- Valid records and ticks in one INSERT, so one writer keeps each lane's order: a tick follows the
-- records that were ahead of it in its raw partition. A tick is not parsed (its reason is set, its
-- record fields are NULL): it carries its type, its time and its lane; a tick header that is not a
-- number drops it.
INSERT INTO clean_ubc
SELECT
  event_id, ubc, CASE WHEN tick THEN 'tick' ELSE log_type END, channel, event_ts,
  CASE WHEN tick THEN tick_ts ELSE report_ts END, os, os_version, device_id, app, app_version,
  net, ext, duration_ms, app_key, batch_id, batch_index, ingest_ts, lane
FROM parsed
WHERE reason IS NULL OR tick_ts IS NOT NULL;

INSERT INTO lake.ubc.rejects (reason, payload, source, app, channel, batch_id, batch_index, ingest_ts)
SELECT reason, line, 'ubc', app_key, channel, batch_id, batch_index, ingest_ts
FROM parsed
WHERE reason IS NOT NULL AND NOT tick;
