-- The corrected windows, as Trino views in the lake (created by the stack when Trino is up; in
-- production run this file once with the Trino CLI: trino -f sql/trino/corrected_views.sql).
--
-- A window of ubc.metrics_1m or ubc.metrics_5m is final once the window job's watermark passed its
-- end (lake.ops.progress) and is never rewritten. Records that arrive behind the watermark are
-- kept in ubc.late; the events among them that no window counted, once each, are in
-- ubc.corrections (ubc_windows). These views give, per window and dimensions:
--   pv_final       what the window counted when it closed
--   pv_correction  the events that came too late for it
--   pv             the two together: every event once
--   corrected      whether late events were added, and corrected_at the last time one arrived
-- duration_ms likewise; devices is the window's own sketch (late devices are not in it).
CREATE OR REPLACE VIEW lake.ubc.metrics_1m_corrected
COMMENT 'ubc.metrics_1m plus the late events no window counted (ubc.corrections)'
AS
WITH corrections AS (
  SELECT
    date_trunc('minute', report_ts) AS window_start, ubc, log_type, d1, d2, d3, d4, d5, d6,
    rules_version, count(*) AS pv, sum(duration_ms) AS duration_ms, max(late_ts) AS corrected_at
  FROM lake.ubc.corrections
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
),
final AS (
  SELECT
    window_start, ubc, log_type, d1, d2, d3, d4, d5, d6, rules_version, sum(pv) AS pv,
    sum(duration_ms) AS duration_ms, theta_sketch_union(devices) AS devices
  FROM lake.ubc.metrics_1m
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
)
SELECT
  coalesce(f.window_start, c.window_start) AS window_start,
  coalesce(f.window_start, c.window_start) + INTERVAL '1' MINUTE AS window_end,
  coalesce(f.ubc, c.ubc) AS ubc,
  coalesce(f.log_type, c.log_type) AS log_type,
  coalesce(f.d1, c.d1) AS d1, coalesce(f.d2, c.d2) AS d2, coalesce(f.d3, c.d3) AS d3,
  coalesce(f.d4, c.d4) AS d4, coalesce(f.d5, c.d5) AS d5, coalesce(f.d6, c.d6) AS d6,
  coalesce(f.rules_version, c.rules_version) AS rules_version,
  coalesce(f.pv, 0) AS pv_final,
  coalesce(c.pv, 0) AS pv_correction,
  coalesce(f.pv, 0) + coalesce(c.pv, 0) AS pv,
  coalesce(f.duration_ms, 0) + coalesce(c.duration_ms, 0) AS duration_ms,
  f.devices AS devices,
  c.pv IS NOT NULL AS corrected,
  c.corrected_at AS corrected_at
FROM final f
FULL OUTER JOIN corrections c
  ON f.window_start = c.window_start AND f.ubc = c.ubc AND f.log_type = c.log_type
  AND f.d1 IS NOT DISTINCT FROM c.d1 AND f.d2 IS NOT DISTINCT FROM c.d2
  AND f.d3 IS NOT DISTINCT FROM c.d3 AND f.d4 IS NOT DISTINCT FROM c.d4
  AND f.d5 IS NOT DISTINCT FROM c.d5 AND f.d6 IS NOT DISTINCT FROM c.d6
  AND f.rules_version IS NOT DISTINCT FROM c.rules_version;

-- Five minutes are the sum of their five corrected minutes, as ubc.metrics_5m is of ubc.metrics_1m.
CREATE OR REPLACE VIEW lake.ubc.metrics_5m_corrected
COMMENT 'ubc.metrics_5m plus the late events no window counted (ubc.corrections)'
AS
SELECT
  window_start - (minute(window_start) % 5) * INTERVAL '1' MINUTE AS window_start,
  window_start - (minute(window_start) % 5) * INTERVAL '1' MINUTE + INTERVAL '5' MINUTE AS window_end,
  ubc, log_type, d1, d2, d3, d4, d5, d6, rules_version,
  sum(pv_final) AS pv_final,
  sum(pv_correction) AS pv_correction,
  sum(pv) AS pv,
  sum(duration_ms) AS duration_ms,
  theta_sketch_union(devices) AS devices,
  bool_or(corrected) AS corrected,
  max(corrected_at) AS corrected_at
FROM lake.ubc.metrics_1m_corrected
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11;
