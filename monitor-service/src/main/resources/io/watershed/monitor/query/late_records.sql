-- Reads: lake.ubc.late (records that arrived behind the window job's watermark, kept) and
--        lake.ubc.metrics_1m (the minute windows' pv).
-- Writes: nothing.
-- Of the records reported in [from, to) (parameters 1 and 3: from; 2 and 4: to, as text Trino
-- casts to timestamp(3) with time zone): how many came late (distinct event ids, as a record
-- delivered twice late is kept twice) and how many the minute windows counted.
SELECT
  (SELECT count(DISTINCT event_id) FROM lake.ubc.late
   WHERE report_ts >= CAST(? AS timestamp(3) with time zone)
     AND report_ts < CAST(? AS timestamp(3) with time zone)) AS late,
  (SELECT coalesce(sum(pv), 0) FROM lake.ubc.metrics_1m
   WHERE window_start >= CAST(? AS timestamp(3) with time zone)
     AND window_start < CAST(? AS timestamp(3) with time zone)) AS counted
