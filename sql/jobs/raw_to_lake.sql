-- Reads: every Kafka layer 1 topic (${topic.raw-pattern}): raw lines with provenance headers,
--        from the file agent (agent, host, path, file_id, file_offset, read_ts) or the HTTP intake
--        (app, channel, batch_id, batch_index, receive_ts).
-- Writes: lake.logs.lines, every record untouched with its provenance as columns: the raw layer
--         for offline analysis and replay. Ticks (the intake's empty records with a 'tick'
--         header, contracts Ticks) are not records and stay out.
CREATE TEMPORARY TABLE raw_lines (
  line STRING,
  topic STRING METADATA FROM 'topic' VIRTUAL,
  headers MAP<STRING, BYTES> METADATA FROM 'headers' VIRTUAL,
  kafka_ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL
) WITH (
  'connector' = 'kafka',
  'topic-pattern' = '${topic.raw-pattern}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${group.id}',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  'scan.bounded.mode' = '${scan.bounded-mode}',
  'scan.topic-partition-discovery.interval' = '10 s',
  'format' = 'raw'
);

INSERT INTO lake.logs.lines
  (source, line, agent, host, path, file_id, file_offset, app, channel, batch_id, batch_index, ingest_ts)
SELECT
  REGEXP_REPLACE(topic, '^ws\.raw\.', ''),
  COALESCE(line, ''),
  CAST(headers['agent'] AS STRING),
  CAST(headers['host'] AS STRING),
  CAST(headers['path'] AS STRING),
  CAST(headers['file_id'] AS STRING),
  TRY_CAST(CAST(headers['file_offset'] AS STRING) AS BIGINT),
  CAST(headers['app'] AS STRING),
  CAST(headers['channel'] AS STRING),
  CAST(headers['batch_id'] AS STRING),
  TRY_CAST(CAST(headers['batch_index'] AS STRING) AS INT),
  COALESCE(
    TO_TIMESTAMP_LTZ(TRY_CAST(CAST(headers['receive_ts'] AS STRING) AS BIGINT), 3),
    TO_TIMESTAMP_LTZ(TRY_CAST(CAST(headers['read_ts'] AS STRING) AS BIGINT), 3),
    kafka_ts)
FROM raw_lines
WHERE headers['tick'] IS NULL;
