-- Reads: Kafka ${topic.monitor}: trimmed monitoring records (written by ubc_monitor) and ticks
--        (t = 'tick', contracts Ticks: the intake's clock, in every lane every few seconds).
-- Writes: lake.ubc.metrics_1m and lake.ubc.metrics_5m (tumbling windows on report time, grouped by
--         UBC id, log type, d1..d6 and rules version: pv, duration sum, distinct-device sketch),
--         lake.ubc.late (records behind the watermark: their windows were final already),
--         lake.ubc.corrections (the late events no window counted, once each) and
--         lake.ops.progress (this job's watermark: windows that end at or before it are final).
--
-- Exact counts: a record delivered twice (agent or intake retry) has the same event id and report
-- time, so both copies fall into the same minute; window deduplication keeps the first. The
-- horizon is the minute itself: a copy that arrives after its minute closed goes to ubc.late. The
-- 5-minute windows roll up the deduplicated minutes (one deduplication, one pass over records).
-- Every record lands in exactly one place: a window (report_ts > watermark when it arrived) or
-- ubc.late (report_ts <= watermark), decided once per record by the same watermark. Through a
-- restore too: Flink's window operators keep their watermark in checkpoints and drop what ends at
-- or before it, while CURRENT_WATERMARK starts from null; the source keeps its watermark as well
-- ('kafka-kept-watermark': Flink's Kafka connector, io.watershed.jobs.source), so the check below
-- never passes a record that a window would drop.
--
-- Ticks drive the watermark (they are rows of the source) and lake.ops.progress, so the last
-- minutes close when traffic stops, within the watermark delay and a tick interval; a tick is
-- never counted, never deduplicated against events and never late (one behind the watermark, from
-- an intake with a slower clock, is dropped).
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
  report_ts AS TO_TIMESTAMP_LTZ(rts, 3),
  WATERMARK FOR report_ts AS report_ts - INTERVAL '${watermark.delay}' DAY TO SECOND(3)
) WITH (
  'connector' = 'kafka-kept-watermark',
  'topic' = '${topic.monitor}',
  'properties.bootstrap.servers' = '${kafka.bootstrap-servers}',
  'properties.group.id' = '${group.id}',
  'properties.auto.offset.reset' = 'earliest',
  'scan.startup.mode' = 'group-offsets',
  'scan.bounded.mode' = '${scan.bounded-mode}',
  'format' = 'json'
);

-- One watermark check per record, shared by the window and the late branches.
CREATE TEMPORARY VIEW checked AS
SELECT
  id, ubc, CASE t WHEN 'e' THEN 'event' WHEN 'f' THEN 'flow' ELSE t END AS log_type,
  report_ts, d1, d2, d3, d4, d5, d6, dur, rv, dev,
  CURRENT_WATERMARK(report_ts) AS wm,
  (t = 'tick') IS TRUE AS tick
FROM monitor_queue;

-- Records and ticks on time: the progress rows close a minute on either.
CREATE TEMPORARY VIEW on_time AS
SELECT * FROM checked WHERE wm IS NULL OR report_ts > wm;

-- The records on time: ticks are never counted.
CREATE TEMPORARY VIEW on_time_records AS
SELECT * FROM on_time WHERE NOT tick;

-- One copy of each event: deduplicated by event id within its 1-minute window (copies share the
-- report time, so they share every window; the 5-minute windows are rolled up from these).
CREATE TEMPORARY VIEW first_copy AS
SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (
    PARTITION BY window_start, window_end, id ORDER BY report_ts ASC) AS copy
  FROM TABLE(TUMBLE(TABLE on_time_records, DESCRIPTOR(report_ts), INTERVAL '1' MINUTE))
) WHERE copy = 1;

CREATE TEMPORARY VIEW minute_metrics AS
SELECT
  window_start AS minute_start, window_end AS minute_end, window_time AS minute_time, ubc, log_type, d1, d2, d3, d4, d5, d6,
  COUNT(*) AS pv, SUM(dur) AS duration_ms, ubc_devices(dev) AS devices, rv AS rules_version
FROM first_copy
GROUP BY window_start, window_end, window_time, ubc, log_type, d1, d2, d3, d4, d5, d6, rv;

INSERT INTO lake.ubc.metrics_1m
SELECT
  minute_start, minute_end, ubc, log_type, d1, d2, d3, d4, d5, d6, pv, duration_ms, devices,
  rules_version
FROM minute_metrics;

-- Five minutes are the sum of their five minutes: pv and duration add up, device sketches unite.
INSERT INTO lake.ubc.metrics_5m
SELECT
  window_start, window_end, ubc, log_type, d1, d2, d3, d4, d5, d6,
  SUM(pv) AS pv, SUM(duration_ms) AS duration_ms, ubc_devices_union(devices) AS devices,
  rules_version
FROM TABLE(TUMBLE(TABLE minute_metrics, DESCRIPTOR(minute_time), INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, ubc, log_type, d1, d2, d3, d4, d5, d6, rules_version;

INSERT INTO lake.ubc.late
SELECT
  id, ubc, log_type, report_ts, d1, d2, d3, d4, d5, d6, dur, dev, rv, '${job.name}', wm,
  CURRENT_TIMESTAMP
FROM checked
WHERE report_ts <= wm AND NOT tick;

-- Corrections: the events no window counted, once each. The first delivery of each event id,
-- on time or late (ids kept for jobs.dedup-horizon): when it was late, every later copy is late
-- too and no window holds the event; a late copy of an event counted on time is not one. The
-- corrected views (sql/trino/corrected_views.sql) add these to their windows; the windows
-- themselves are never rewritten.
CREATE TEMPORARY VIEW first_delivery AS
SELECT * FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY id ORDER BY proc_time ASC) AS delivery
  FROM (SELECT *, PROCTIME() AS proc_time FROM checked WHERE NOT tick)
) WHERE delivery = 1;

INSERT INTO lake.ubc.corrections
SELECT
  id, ubc, log_type, report_ts, d1, d2, d3, d4, d5, d6, dur, dev, rv, '${job.name}', wm,
  CURRENT_TIMESTAMP
FROM first_delivery
WHERE report_ts <= wm;

-- One row per job and queue, replaced (upsert on job, source) each time a minute closes: on
-- records or on ticks alone, so on a quiet stream it still follows the intake's clock.
INSERT INTO lake.ops.progress (job, source, `watermark`, updated_at)
SELECT '${job.name}', '${topic.monitor}', window_end, CURRENT_TIMESTAMP
FROM TABLE(TUMBLE(TABLE on_time, DESCRIPTOR(report_ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end;
