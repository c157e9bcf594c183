-- Re-mapping history, step 1 of 2 (./watershed remap): recomputes the 1- and 5-minute windows of
-- some UBC ids over a time range from lake.ubc.events, under the rules the monitor service serves
-- now (ubc_dims, as ubc_monitor maps a live record), into two staging tables of this run. Step 2
-- (the stack's remap command, through Trino) compares them with ubc.metrics_1m and ubc.metrics_5m
-- and replaces exactly those windows, one MERGE (one Iceberg commit) per table.
--
-- The windows a fresh stream would give: every event of ubc.events once (it holds each event id
-- once), except the events that came too late for their window (lake.ubc.corrections): the
-- corrected views add those beside the windows, as they do for windows never re-mapped.
SET 'execution.runtime-mode' = 'batch';

CREATE TABLE IF NOT EXISTS lake.ops.${remap.stage}_1m (
  window_start TIMESTAMP_LTZ(6), window_end TIMESTAMP_LTZ(6), ubc STRING, log_type STRING,
  d1 STRING, d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING,
  pv BIGINT, duration_ms BIGINT, devices BYTES, rules_version BIGINT
);

CREATE TABLE IF NOT EXISTS lake.ops.${remap.stage}_5m (
  window_start TIMESTAMP_LTZ(6), window_end TIMESTAMP_LTZ(6), ubc STRING, log_type STRING,
  d1 STRING, d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING,
  pv BIGINT, duration_ms BIGINT, devices BYTES, rules_version BIGINT
);

CREATE TEMPORARY VIEW chosen AS
SELECT e.*
FROM lake.ubc.events AS e
LEFT JOIN (
  SELECT DISTINCT event_id
  FROM lake.ubc.corrections
  WHERE report_ts >= TO_TIMESTAMP_LTZ(${remap.from-ms}, 3)
    AND report_ts < TO_TIMESTAMP_LTZ(${remap.to-ms}, 3)
    AND ubc IN (${remap.ubc-list})
) AS c ON e.event_id = c.event_id
WHERE e.report_ts >= TO_TIMESTAMP_LTZ(${remap.from-ms}, 3)
  AND e.report_ts < TO_TIMESTAMP_LTZ(${remap.to-ms}, 3)
  AND e.ubc IN (${remap.ubc-list})
  AND c.event_id IS NULL;

-- The monitoring record of each event, mapped now: what ubc_monitor writes to ws.monitor.
CREATE TEMPORARY VIEW trimmed AS
SELECT
  m.trimmed.id AS id, m.trimmed.ubc AS ubc,
  CASE m.trimmed.t WHEN 'e' THEN 'event' WHEN 'f' THEN 'flow' ELSE m.trimmed.t END AS log_type,
  TO_TIMESTAMP_LTZ(m.trimmed.rts, 3) AS report_ts,
  m.trimmed.d1 AS d1, m.trimmed.d2 AS d2, m.trimmed.d3 AS d3, m.trimmed.d4 AS d4,
  m.trimmed.d5 AS d5, m.trimmed.d6 AS d6, m.trimmed.dur AS dur, m.trimmed.rv AS rv, m.dev AS dev
FROM (
  SELECT
    ubc_trim(
      event_id, ubc, log_type, CAST(report_ts AS TIMESTAMP_LTZ(3)),
      ubc_dims(
        ubc,
        MAP['os', os, 'osv', os_version, 'did', device_id, 'app', app, 'appv', app_version,
            'net', net],
        ext),
      duration_ms) AS trimmed,
    SUBSTRING(device_id FROM 1 FOR 64) AS dev
  FROM chosen
) AS m;

-- The same windows as ubc_windows: tumbling on report time (a batch job windows any timestamp).
CREATE TEMPORARY VIEW minutes AS
SELECT
  window_start, window_end, window_time, ubc, log_type, d1, d2, d3, d4, d5, d6,
  COUNT(*) AS pv, SUM(dur) AS duration_ms, ubc_devices(dev) AS devices, rv AS rules_version
FROM TABLE(TUMBLE(TABLE trimmed, DESCRIPTOR(report_ts), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, ubc, log_type, d1, d2, d3, d4, d5, d6, rv;

-- Five minutes are the sum of their five minutes, as in ubc_windows.
CREATE TEMPORARY VIEW minutes_to_roll_up AS
SELECT
  window_time AS minute_time, ubc, log_type, d1, d2, d3, d4, d5, d6, pv, duration_ms, devices,
  rules_version
FROM minutes;

EXECUTE STATEMENT SET
BEGIN
INSERT OVERWRITE lake.ops.${remap.stage}_1m
SELECT
  window_start, window_end, ubc, log_type, d1, d2, d3, d4, d5, d6, pv, duration_ms, devices,
  rules_version
FROM minutes;

INSERT OVERWRITE lake.ops.${remap.stage}_5m
SELECT
  window_start, window_end, ubc, log_type, d1, d2, d3, d4, d5, d6,
  SUM(pv), SUM(duration_ms), ubc_devices_union(devices), rules_version
FROM TABLE(TUMBLE(TABLE minutes_to_roll_up, DESCRIPTOR(minute_time), INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, ubc, log_type, d1, d2, d3, d4, d5, d6, rules_version;
END;
