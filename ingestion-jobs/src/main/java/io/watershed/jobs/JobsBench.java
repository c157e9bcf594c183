package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;

/**
 * The jobs' benchmark, on an embedded MiniCluster with parallelism 1 (one core at work): the same
 * topic of raw UBC records read to its end by (1) a pass-through job, Kafka to a blackhole: the
 * baseline; (2) ubc_parse to blackholes: the cleaning's compute; (3) the real ubc_clean job into
 * the lake (Iceberg on HDFS) and Kafka layer 2; (4) the monitoring path in its two jobs: ubc_parse,
 * ubc_dims and ubc_trim into a monitoring topic, then that topic deduplicated and windowed (1 and 5
 * minutes) into metric topics. Prints records/s and records per CPU second, then the monitoring
 * path's sizes: bytes per record raw and trimmed, and rows per window table.
 */
final class JobsBench {
  private final JobsConfig config;

  JobsBench(JobsConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  record Result(String name, long records, double seconds, double cpuSeconds) {}

  /** What the monitoring path made of the records: sizes and row counts. */
  record Sizes(
      long rawRecords,
      double rawBytes,
      long trimmedRecords,
      double trimmedBytes,
      long rows1m,
      long rows5m) {}

  private Sizes sizes;

  List<Result> run(String topic, long records, PrintStream out) throws Exception {
    List<Result> results = new ArrayList<>();
    String suffix = Long.toString(System.currentTimeMillis());
    results.add(
        measure(
            "pass-through (Kafka -> blackhole)",
            records,
            out,
            List.of(
                source("bench_source", topic, "bench-pass-" + suffix),
                "CREATE TEMPORARY TABLE bench_sink (line STRING) WITH ('connector' = 'blackhole')",
                "INSERT INTO bench_sink SELECT line FROM bench_source")));
    results.add(
        measure(
            "ubc_parse -> blackholes",
            records,
            out,
            List.of(
                source("bench_source", topic, "bench-parse-" + suffix),
                "CREATE TEMPORARY TABLE bench_valid (event_id STRING, ubc STRING, duration_ms BIGINT,"
                    + " ext MAP<STRING, STRING>) WITH ('connector' = 'blackhole')",
                "CREATE TEMPORARY TABLE bench_rejects (reason STRING, line STRING)"
                    + " WITH ('connector' = 'blackhole')",
                "CREATE TEMPORARY VIEW bench_parsed AS SELECT p.*, line FROM bench_source,"
                    + " LATERAL TABLE(ubc_parse(line)) AS p",
                "INSERT INTO bench_valid SELECT event_id, ubc, duration_ms, ext FROM bench_parsed"
                    + " WHERE reason IS NULL",
                "INSERT INTO bench_rejects SELECT reason, line FROM bench_parsed WHERE reason IS NOT NULL")));
    JobsConfig clean =
        config.with(
            Map.of(
                "jobs.parallelism",
                "1",
                "jobs.topic-raw-ubc",
                topic,
                "jobs.topic-clean-ubc",
                config.topicCleanUbc() + ".bench",
                "jobs.consumer-group-prefix",
                "bench-" + suffix,
                "jobs.scan-bounded-mode",
                "latest-offset"));
    results.add(
        measure(
            "ubc_clean (-> Iceberg + Kafka)",
            records,
            out,
            new JobsRunner(clean).statements("ubc_clean")));
    String monitor = topic + ".monitor." + suffix;
    Result trim =
        measure(
            "parse + dims + trim (-> Kafka)",
            records,
            out,
            List.of(
                source("bench_source", topic, "bench-trim-" + suffix),
                monitorTable("bench_monitor", monitor, "", ""),
                "INSERT INTO bench_monitor SELECT m.t.id, m.t.ubc, m.t.t, m.t.rts, m.t.d1, m.t.d2,"
                    + " m.t.d3, m.t.d4, m.t.d5, m.t.d6, m.t.dur, m.t.rv, m.dev FROM (SELECT"
                    + " ubc_trim(p.event_id, p.ubc, p.log_type, p.report_ts, ubc_dims(p.ubc,"
                    + " MAP['os', p.os, 'osv', p.os_version, 'did', p.device_id, 'app', p.app,"
                    + " 'appv', p.app_version, 'net', p.net], p.ext), p.duration_ms) AS t,"
                    + " SUBSTRING(p.device_id FROM 1 FOR 64) AS dev FROM bench_source,"
                    + " LATERAL TABLE(ubc_parse(line)) AS p WHERE p.reason IS NULL) AS m"));
    results.add(trim);
    Result windows =
        measure(
            "dedup + 1m/5m windows (-> Kafka)",
            records,
            out,
            windowStatements(monitor, "bench-windows-" + suffix));
    results.add(windows);
    results.add(
        new Result(
            "monitoring path (both jobs)",
            records,
            trim.seconds() + windows.seconds(),
            trim.cpuSeconds() + windows.cpuSeconds()));
    sizes =
        new Sizes(
            count(topic, "COUNT(*)"),
            average(topic),
            count(monitor, "COUNT(*)"),
            average(monitor),
            count(monitor + ".1m", "COUNT(*)"),
            count(monitor + ".5m", "COUNT(*)"));
    return results;
  }

  /** The sizes of the last run's monitoring path. */
  Sizes sizes() {
    return sizes;
  }

  static void printSizes(Sizes sizes, PrintStream out) {
    out.printf("%nmonitoring path sizes%n");
    out.printf(
        "  raw records      %,12d  %,10.0f bytes each%n", sizes.rawRecords(), sizes.rawBytes());
    out.printf(
        "  trimmed records  %,12d  %,10.0f bytes each (%.1f %% smaller)%n",
        sizes.trimmedRecords(),
        sizes.trimmedBytes(),
        100 * (1 - sizes.trimmedBytes() / sizes.rawBytes()));
    out.printf(
        "  metrics_1m rows  %,12d  (%.0f records a row)%n",
        sizes.rows1m(), (double) sizes.trimmedRecords() / Math.max(1, sizes.rows1m()));
    out.printf(
        "  metrics_5m rows  %,12d  (%.0f records a row)%n",
        sizes.rows5m(), (double) sizes.trimmedRecords() / Math.max(1, sizes.rows5m()));
  }

  private String monitorTable(String table, String topic, String group, String extra) {
    return ("CREATE TEMPORARY TABLE %s (id STRING, ubc STRING, t STRING, rts BIGINT, d1 STRING,"
            + " d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING, dur BIGINT, rv BIGINT,"
            + " dev STRING%s) WITH ('connector' = 'kafka', 'topic' = '%s',"
            + " 'properties.bootstrap.servers' = '%s', 'properties.group.id' = '%s',"
            + " 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',"
            + " 'format' = 'json', 'json.encode.ignore-null-fields' = 'true')")
        .formatted(table, extra, topic, config.kafkaBootstrapServers(), group);
  }

  /**
   * The window job's logic (sql/jobs/ubc_windows.sql) with metric topics instead of tables. The
   * bench reads a backlog, whose partitions the trim job merged a fetch at a time: a 10-minute
   * watermark delay keeps every record in its window (the end of the input closes them all).
   */
  private List<String> windowStatements(String monitor, String group) {
    List<String> statements = new ArrayList<>();
    statements.add(
        monitorTable(
            "bench_queue",
            monitor,
            group,
            ", report_ts AS TO_TIMESTAMP_LTZ(rts, 3),"
                + " WATERMARK FOR report_ts AS report_ts - INTERVAL '10' MINUTE"));
    statements.add(
        "CREATE TEMPORARY VIEW bench_on_time AS SELECT * FROM bench_queue WHERE"
            + " CURRENT_WATERMARK(report_ts) IS NULL OR report_ts > CURRENT_WATERMARK(report_ts)");
    for (String size : List.of("1", "5")) {
      statements.add(
          ("CREATE TEMPORARY TABLE bench_metrics_%sm (window_start TIMESTAMP(3), ubc STRING,"
                  + " t STRING, d1 STRING, d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING,"
                  + " pv BIGINT, dur BIGINT, devices BYTES, rv BIGINT) WITH ('connector' ="
                  + " 'kafka', 'topic' = '%s.%sm', 'properties.bootstrap.servers' = '%s',"
                  + " 'format' = 'json')")
              .formatted(size, monitor, size, config.kafkaBootstrapServers()));
      statements.add(
          ("INSERT INTO bench_metrics_%sm SELECT window_start, ubc, t, d1, d2, d3, d4, d5, d6,"
                  + " COUNT(*), SUM(dur), ubc_devices(dev), rv FROM (SELECT *, ROW_NUMBER() OVER"
                  + " (PARTITION BY window_start, window_end, id ORDER BY report_ts) AS copy FROM"
                  + " TABLE(TUMBLE(TABLE bench_on_time, DESCRIPTOR(report_ts), INTERVAL '%s'"
                  + " MINUTE))) WHERE copy = 1 GROUP BY window_start, window_end, ubc, t, d1, d2,"
                  + " d3, d4, d5, d6, rv")
              .formatted(size, size));
    }
    return statements;
  }

  /** An aggregate over a topic's values, read to its end. */
  private long count(String topic, String aggregate) throws Exception {
    return ((Number) aggregateRow(topic, aggregate).getField(0)).longValue();
  }

  private double average(String topic) throws Exception {
    return ((Number) aggregateRow(topic, "AVG(CAST(CHAR_LENGTH(line) AS DOUBLE))").getField(0))
        .doubleValue();
  }

  private org.apache.flink.types.Row aggregateRow(String topic, String aggregate) throws Exception {
    Configuration flink = new Configuration();
    flink.setString("execution.target", "local");
    flink.setString("parallelism.default", "1");
    org.apache.flink.table.api.TableEnvironment tables =
        org.apache.flink.table.api.TableEnvironment.create(
            org.apache.flink.table.api.EnvironmentSettings.newInstance()
                .inStreamingMode()
                .withConfiguration(flink)
                .build());
    tables.executeSql(
        source("size_source", topic, "bench-size-" + System.nanoTime())
            .replace("'format' = 'raw'", "'format' = 'raw', 'raw.charset' = 'ISO-8859-1'"));
    try (var rows = tables.executeSql("SELECT " + aggregate + " FROM size_source").collect()) {
      org.apache.flink.types.Row last = null;
      while (rows.hasNext()) {
        last = rows.next();
      }
      if (last == null) {
        throw new IllegalStateException("Cannot size topic " + topic + ": no result");
      }
      return last;
    }
  }

  static void print(List<Result> results, PrintStream out) {
    Result baseline = results.get(0);
    out.printf(
        "%-36s %10s %9s %12s %14s %10s%n",
        "job (parallelism 1)", "records", "seconds", "records/s", "records/cpu-s", "vs base");
    for (Result result : results) {
      double rate = result.records() / result.seconds();
      double perCpu = result.records() / result.cpuSeconds();
      out.printf(
          "%-36s %10d %9.1f %12.0f %14.0f %9.0f%%%n",
          result.name(),
          result.records(),
          result.seconds(),
          rate,
          perCpu,
          100 * perCpu / (baseline.records() / baseline.cpuSeconds()));
    }
  }

  private String source(String table, String topic, String group) {
    return ("CREATE TEMPORARY TABLE %s (line STRING) WITH ('connector' = 'kafka', 'topic' = '%s',"
            + " 'properties.bootstrap.servers' = '%s', 'properties.group.id' = '%s',"
            + " 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',"
            + " 'format' = 'raw')")
        .formatted(table, topic, config.kafkaBootstrapServers(), group);
  }

  private Result measure(String name, long records, PrintStream out, List<String> statements)
      throws Exception {
    Configuration flink = new Configuration();
    flink.setString("execution.target", "local");
    flink.setString("parallelism.default", "1");
    flink.setString(
        "execution.checkpointing.interval", config.checkpointInterval().toMillis() + " ms");
    flink.setString("pipeline.name", "bench " + name);
    flink.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, new JobsRunner(config).jobParameters());
    // A failure ends the bench with its cause instead of restarting forever.
    flink.setString("restart-strategy.type", "none");
    // Window state with device sketches outgrows the JobManager's 5 MiB in-memory checkpoints.
    flink.setString(
        "execution.checkpointing.dir",
        java.nio.file.Files.createTempDirectory("watershed-bench-checkpoints").toUri().toString());
    config.flinkSettings().forEach(flink::setString);
    JobsRunner.Plan plan = JobsRunner.plan("bench " + name, flink, statements);
    out.println("running " + name + " ...");
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    plan.inserts().execute().await();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
    return new Result(name, records, seconds, cpuSeconds);
  }

  private static long processCpuNanos() throws IOException {
    var bean = ManagementFactory.getOperatingSystemMXBean();
    if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IOException("Cannot measure CPU time: no com.sun.management.OperatingSystemMXBean");
  }
}
