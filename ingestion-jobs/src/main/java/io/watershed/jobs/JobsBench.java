package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The jobs' benchmark, on an embedded MiniCluster with parallelism 1 (one core at work): the same
 * topic of raw UBC records read to its end by (1) a pass-through job, Kafka to a blackhole: the
 * baseline; (2) ubc_parse to blackholes: the cleaning's compute; (3) the real ubc_clean job into
 * the lake (Iceberg on HDFS) and Kafka layer 2. Prints records/s and records per CPU second.
 */
final class JobsBench {
  private final JobsConfig config;

  JobsBench(JobsConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  record Result(String name, long records, double seconds, double cpuSeconds) {}

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
    return results;
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
