-- Reads: Kafka ${topic.clean-ubc}: the cleaned UBC records (layer 2); lake.examples.ubc_owners:
--        which team owns which UBC id (a small table the teams keep, e.g. through Trino:
--          CREATE TABLE lake.examples.ubc_owners (ubc varchar, team varchar, channel varchar);
--          INSERT INTO lake.examples.ubc_owners VALUES ('ubc_0001', 'search', '#search-oncall');).
-- Writes: Kafka ws.examples.owned-events: each record of an owned UBC id with its team and channel.
-- An enrichment join: the owners table is read once when the job starts and kept in state; each
-- event is kept 10 minutes only (STATE_TTL) for an owner who would arrive later. Restart the job
-- (jobs cancel, jobs submit: it resumes) to pick up new owners.
--   ./watershed jobs submit sql/examples/enrich_owners.sql
CREATE TEMPORARY TABLE clean_ubc (
  event_id STRING,
  ubc STRING,
  log_type STRING,
  report_ts TIMESTAMP_LTZ(3),
  device_id STRING,
  duration_ms BIGINT
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

CREATE TEMPORARY TABLE owned_events (
  event_id STRING,
  ubc STRING,
  team STRING,
  channel STRING,
  device_id STRING,
  duration_ms BIGINT,
  report_ts TIMESTAMP_LTZ(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'ws.examples.owned-events',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'format' = 'json',
  'json.timestamp-format.standard' = 'ISO-8601'
);

INSERT INTO owned_events
SELECT /*+ STATE_TTL('e' = '10min') */
  e.event_id, e.ubc, o.team, o.channel, e.device_id, e.duration_ms, e.report_ts
FROM clean_ubc AS e
JOIN lake.examples.ubc_owners AS o ON e.ubc = o.ubc
WHERE e.log_type <> 'tick';
