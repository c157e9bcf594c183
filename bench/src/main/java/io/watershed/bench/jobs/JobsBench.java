package io.watershed.bench.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.MonitorRecord;
import io.watershed.jobs.JobsConfig;
import io.watershed.jobs.JobsRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The jobs' benchmark, on an embedded MiniCluster with parallelism 1 (one core at work): the same
 * topic of raw UBC records read to its end by (1) a pass-through job, Kafka to a blackhole: the
 * baseline; (2) ubc_parse to blackholes: the cleaning's compute; (3) the real ubc_clean job into
 * the lake (Iceberg on HDFS: tables of a namespace of its own, copies of ubc.events and
 * ubc.rejects, dropped with their files at the end) and Kafka layer 2; (4) the monitoring path in
 * its two jobs: ubc_parse, ubc_dims and ubc_trim into a monitoring topic, then that topic
 * deduplicated and windowed (1 and 5 minutes) into metric topics; (5) that topic read and decoded
 * into a blackhole: the window job's floor. Prints records/s and records per CPU second, then the
 * monitoring path's sizes: bytes per record raw and trimmed, and rows per window table.
 */
final class JobsBench {
  /** The lake tables the bench's ubc_clean stage writes copies of. */
  private static final List<String> LAKE_TABLES = List.of("events", "rejects");

  private final JobsConfig config;

  JobsBench(JobsConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /**
   * One job's run over {@code records}: wall seconds, the process's CPU seconds (the job's fixed
   * start included: MiniCluster, planning, JIT) and its task threads' CPU seconds ({@link
   * TaskCpu}), which tell its cost per record.
   */
  record Result(
      String name, long records, double seconds, double cpuSeconds, double taskCpuSeconds) {
    /** Records per CPU second of the job's task threads. */
    double recordsPerTaskCpuSecond() {
      return records / Math.max(1e-3, taskCpuSeconds);
    }

    Result plus(Result other, String sum) {
      return new Result(
          sum,
          records,
          seconds + other.seconds,
          cpuSeconds + other.cpuSeconds,
          taskCpuSeconds + other.taskCpuSeconds);
    }
  }

  /** What the monitoring path made of the records: sizes and row counts. */
  record Sizes(
      long rawRecords,
      double rawBytes,
      long trimmedRecords,
      double trimmedBytes,
      long rows1m,
      long rows5m) {}

  private Sizes sizes;

  /** Runs every job over {@code topic}, in order, and sizes what the monitoring path made. */
  List<Result> run(String topic, long records, PrintWriter out) throws Exception {
    String suffix = Long.toString(System.currentTimeMillis());
    String namespace = benchNamespace(suffix);
    List<Result> results = new ArrayList<>();
    createLakeNamespace(namespace);
    try {
      List<Job> jobs = jobs(topic, suffix);
      // The first job would run on cold code (Kafka's consumer, Flink's runtime interpreted, then
      // compiled) and pay for the others' warm-up: the baseline runs once before it counts.
      Job baseline = jobs.get(0);
      measure(new Job("warm-up: " + baseline.name(), baseline.statements()), records, out);
      for (Job job : jobs) {
        results.add(measure(job, records, out));
      }
    } finally {
      dropLakeNamespace(namespace);
    }
    Result trim = results.get(3);
    Result windows = results.get(4);
    results.add(trim.plus(windows, "monitoring path (both jobs)"));
    String monitor = topic + ".monitor." + suffix;
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

  /**
   * A job of the bench: its name, its statements and the job whose Flink settings it runs with (the
   * window job's own: its checkpoint interval; "bench" for the others).
   */
  record Job(String name, List<String> statements, String settingsOf) {
    Job(String name, List<String> statements) {
      this(name, statements, "bench");
    }
  }

  /**
   * The jobs over one topic, in order; the window job and the queue read after it read what the
   * trim job wrote.
   */
  private List<Job> jobs(String topic, String suffix) throws IOException {
    List<Job> jobs = new ArrayList<>();
    jobs.add(
        new Job(
            "pass-through (Kafka -> blackhole)",
            List.of(
                source("bench_source", topic, "bench-pass-" + suffix),
                "CREATE TEMPORARY TABLE bench_sink (line STRING) WITH ('connector' = 'blackhole')",
                "INSERT INTO bench_sink SELECT line FROM bench_source")));
    jobs.add(
        new Job(
            "ubc_parse -> blackholes",
            List.of(
                source("bench_source", topic, "bench-parse-" + suffix),
                "CREATE TEMPORARY TABLE bench_valid (event_id STRING, ubc STRING, duration_ms BIGINT,"
                    + " ext MAP<STRING, STRING>) WITH ('connector' = 'blackhole')",
                "CREATE TEMPORARY TABLE bench_rejects (reason STRING, line STRING)"
                    + " WITH ('connector' = 'blackhole')",
                "CREATE TEMPORARY VIEW bench_parsed AS SELECT p.reason, p.event_id, p.ubc,"
                    + " p.duration_ms, p.ext, line FROM (SELECT ubc_parse(line) AS p, line FROM"
                    + " bench_source)",
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
    jobs.add(
        new Job(
            "ubc_clean (-> Iceberg + Kafka)",
            inLakeNamespace(
                new JobsRunner(clean).statements("ubc_clean"), benchNamespace(suffix))));
    String monitor = topic + ".monitor." + suffix;
    jobs.add(
        new Job(
            "parse + dims + trim (-> Kafka)",
            List.of(
                source("bench_source", topic, "bench-trim-" + suffix),
                monitorTable("bench_monitor", monitor, ""),
                "INSERT INTO bench_monitor SELECT "
                    + trimmedFields("m.t.")
                    + ", m.dev FROM (SELECT"
                    + " ubc_trim(p.event_id, p.ubc, p.log_type, p.report_ts, ubc_dims(p.ubc,"
                    + " MAP['os', p.os, 'osv', p.os_version, 'did', p.device_id, 'app', p.app,"
                    + " 'appv', p.app_version, 'net', p.net], p.ext), p.duration_ms) AS t,"
                    + " SUBSTRING(p.device_id FROM 1 FOR 64) AS dev FROM (SELECT ubc_parse(line) AS p"
                    + " FROM bench_source) WHERE p.reason IS NULL) AS m")));
    jobs.add(
        new Job(
            "dedup + 1m/5m windows (-> Kafka)", windowStatements(monitor, suffix), "ubc_windows"));
    // The floor of the window job: reading and decoding the monitoring queue, nothing else.
    jobs.add(
        new Job(
            "monitor queue read (-> blackhole)",
            List.of(
                monitorTable("bench_queue", monitor, readToEnd("bench-queue-" + suffix) + ", "),
                "CREATE TEMPORARY TABLE bench_queue_sink WITH ('connector' = 'blackhole')"
                    + " LIKE bench_queue (EXCLUDING ALL)",
                "INSERT INTO bench_queue_sink SELECT * FROM bench_queue")));
    return jobs;
  }

  /** The monitoring record's fields but the device id, each behind {@code prefix}. */
  private static String trimmedFields(String prefix) {
    return String.join(
        ", ",
        MonitorRecord.fields().stream()
            .filter(field -> !field.equals(MonitorRecord.DEVICE))
            .map(field -> prefix + field)
            .toList());
  }

  /** The sizes of the last run's monitoring path. */
  Sizes sizes() {
    return sizes;
  }

  static void printSizes(Sizes sizes, PrintWriter out) {
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

  /**
   * The monitoring queue as the trim stage writes it (ubc_monitor's sink, unkeyed); {@code options}
   * are more table options, each followed by a comma (empty for none).
   */
  private String monitorTable(String table, String topic, String options) {
    return ("CREATE TEMPORARY TABLE %s ("
            + MonitorRecord.COLUMNS
            + ")"
            + " WITH ('connector' = 'kafka', 'topic' = '%s',"
            + " 'properties.bootstrap.servers' = '%s', 'properties.compression.type' = 'lz4', 'properties.linger.ms' = '50', %s"
            + " 'format' = 'json', 'json.encode.ignore-null-fields' = 'true')")
        .formatted(table, topic, config.kafkaBootstrapServers(), options);
  }

  /**
   * The window job itself (sql/jobs/ubc_windows.sql, through the runner) with its lake tables
   * swapped for bench sinks: the metric tables for topics (so that their rows can be counted), late
   * records and progress for blackholes. The bench reads a backlog, whose partitions the trim job
   * merged a fetch at a time: a 10-minute watermark delay keeps every record in its window (the end
   * of the input closes them all).
   */
  private List<String> windowStatements(String monitor, String suffix) throws IOException {
    JobsConfig windows =
        config.with(
            Map.of(
                "jobs.parallelism", "1",
                "jobs.topic-monitor", monitor,
                "jobs.consumer-group-prefix", "bench-windows-" + suffix,
                "jobs.scan-bounded-mode", "latest-offset",
                "jobs.watermark-delay", "10m"));
    List<String> statements = new ArrayList<>();
    for (String size : List.of("1", "5")) {
      statements.add(
          ("CREATE TEMPORARY TABLE bench_metrics_%sm (window_start TIMESTAMP(3) WITH LOCAL TIME ZONE,"
                  + " window_end TIMESTAMP(3) WITH LOCAL TIME ZONE, ubc STRING, log_type STRING, d1 STRING,"
                  + " d2 STRING, d3 STRING, d4 STRING, d5 STRING, d6 STRING, pv BIGINT,"
                  + " duration_ms BIGINT, devices BYTES, rules_version BIGINT) WITH ('connector' ="
                  + " 'kafka', 'topic' = '%s.%sm', 'properties.bootstrap.servers' = '%s',"
                  + " 'format' = 'json')")
              .formatted(size, monitor, size, config.kafkaBootstrapServers()));
    }
    statements.add(
        "CREATE TEMPORARY TABLE bench_late (event_id STRING, ubc STRING, log_type STRING,"
            + " report_ts TIMESTAMP(3) WITH LOCAL TIME ZONE, d1 STRING, d2 STRING, d3 STRING, d4 STRING, d5 STRING,"
            + " d6 STRING, duration_ms BIGINT, device_id STRING, rules_version BIGINT, job STRING,"
            + " `watermark` TIMESTAMP(3) WITH LOCAL TIME ZONE, late_ts TIMESTAMP(3) WITH LOCAL TIME ZONE) WITH ('connector' ="
            + " 'blackhole')");
    statements.add(
        "CREATE TEMPORARY TABLE bench_progress (job STRING, source STRING,"
            + " `watermark` TIMESTAMP(3) WITH LOCAL TIME ZONE, updated_at TIMESTAMP(3) WITH LOCAL TIME ZONE) WITH ('connector' ="
            + " 'blackhole')");
    statements.addAll(
        withSinks(
            "ubc_windows",
            new JobsRunner(windows).statements("ubc_windows"),
            Map.of(
                "lake.ubc.metrics_1m", "bench_metrics_1m",
                "lake.ubc.metrics_5m", "bench_metrics_5m",
                "lake.ubc.late", "bench_late",
                "lake.ubc.corrections", "bench_late",
                "lake.ops.progress", "bench_progress")));
    return statements;
  }

  /** The lake namespace of one bench run: where its ubc_clean stage writes. */
  static String benchNamespace(String suffix) {
    return "bench_" + suffix;
  }

  /**
   * ubc_clean's statements with its lake INSERTs going to {@code namespace}'s copies of ubc.events
   * and ubc.rejects instead: the bench never writes into the tables users read.
   */
  static List<String> inLakeNamespace(List<String> statements, String namespace) {
    Map<String, String> sinks = new java.util.HashMap<>();
    for (String table : LAKE_TABLES) {
      sinks.put("lake.ubc." + table, "lake." + namespace + "." + table);
    }
    // its Kafka sink: the topic is the bench's own already (jobs.topic-clean-ubc)
    sinks.put("clean_ubc", "clean_ubc");
    return withSinks("ubc_clean", statements, sinks);
  }

  /**
   * {@code job}'s statements with the target of each INSERT swapped for its bench sink; an INSERT
   * into a table without one stops the bench (it would write where users read).
   */
  static List<String> withSinks(String job, List<String> statements, Map<String, String> sinks) {
    List<String> result = new ArrayList<>();
    for (String statement : statements) {
      if (!statement.startsWith("INSERT INTO ")) {
        result.add(statement);
        continue;
      }
      String table = statement.split("\\s+")[2];
      if (!sinks.containsKey(table)) {
        throw new IllegalStateException("Cannot bench " + job + ": no bench sink for " + table);
      }
      result.add(statement.replaceFirst("INSERT INTO " + table, "INSERT INTO " + sinks.get(table)));
    }
    return result;
  }

  /**
   * Creates {@code namespace} with copies of ubc.events and ubc.rejects: their schema, partition
   * spec, sort order and table properties, so that the bench writes as the real job does.
   */
  private void createLakeNamespace(String namespace) throws IOException {
    try (org.apache.iceberg.rest.RESTCatalog lake = lakeCatalog()) {
      org.apache.iceberg.catalog.Namespace target =
          org.apache.iceberg.catalog.Namespace.of(namespace);
      lake.createNamespace(target);
      for (String name : LAKE_TABLES) {
        org.apache.iceberg.Table source =
            lake.loadTable(org.apache.iceberg.catalog.TableIdentifier.of("ubc", name));
        lake.buildTable(
                org.apache.iceberg.catalog.TableIdentifier.of(target, name), source.schema())
            .withPartitionSpec(source.spec())
            .withSortOrder(source.sortOrder())
            .withProperties(source.properties())
            .create();
      }
    }
  }

  /** Drops a bench namespace's tables with their files (purge), then the namespace. */
  private void dropLakeNamespace(String namespace) throws IOException {
    try (org.apache.iceberg.rest.RESTCatalog lake = lakeCatalog()) {
      org.apache.iceberg.catalog.Namespace target =
          org.apache.iceberg.catalog.Namespace.of(namespace);
      if (!lake.namespaceExists(target)) {
        return;
      }
      String directory = null;
      org.apache.iceberg.io.FileIO io = null;
      for (String name : LAKE_TABLES) {
        org.apache.iceberg.catalog.TableIdentifier table =
            org.apache.iceberg.catalog.TableIdentifier.of(target, name);
        if (lake.tableExists(table)) {
          org.apache.iceberg.Table loaded = lake.loadTable(table);
          String location = loaded.location();
          directory = location.substring(0, location.lastIndexOf('/'));
          io = loaded.io();
          lake.dropTable(table, true);
        }
      }
      lake.dropNamespace(target);
      // the purge deleted every file; the namespace's directories stay unless deleted here, and
      // only a directory named after the namespace is
      if (directory != null
          && directory.endsWith("/" + namespace)
          && io instanceof org.apache.iceberg.io.SupportsPrefixOperations prefixes) {
        prefixes.deletePrefix(directory);
      }
    }
  }

  private org.apache.iceberg.rest.RESTCatalog lakeCatalog() {
    org.apache.iceberg.rest.RESTCatalog lake = new org.apache.iceberg.rest.RESTCatalog();
    lake.initialize("lake", config.catalogProperties());
    return lake;
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

  /**
   * The table: each job's records/s, records per CPU second of the process and of its task threads;
   * "vs pass" compares the last to the pass-through job's.
   */
  static void print(List<Result> results, PrintWriter out) {
    Result baseline = results.get(0);
    out.printf(
        "%-36s %10s %9s %12s %14s %14s %8s%n",
        "job (parallelism 1)",
        "records",
        "seconds",
        "records/s",
        "records/cpu-s",
        "rec/task-cpu-s",
        "vs pass");
    for (Result result : results) {
      out.printf(
          "%-36s %10d %9.1f %12.0f %14.0f %14.0f %7.0f%%%n",
          result.name(),
          result.records(),
          result.seconds(),
          result.records() / result.seconds(),
          result.records() / result.cpuSeconds(),
          result.recordsPerTaskCpuSecond(),
          100 * result.recordsPerTaskCpuSecond() / baseline.recordsPerTaskCpuSecond());
    }
    out.println(
        "(cpu-s: the process's CPU, each job's fixed start included; task-cpu-s: the CPU of the"
            + " job's task, Kafka fetcher and producer threads only)");
  }

  private String source(String table, String topic, String group) {
    return ("CREATE TEMPORARY TABLE %s (line STRING) WITH ('connector' = 'kafka', 'topic' = '%s',"
            + " 'properties.bootstrap.servers' = '%s', %s, 'format' = 'raw')")
        .formatted(table, topic, config.kafkaBootstrapServers(), readToEnd(group));
  }

  /** The Kafka source options of a bench read: from the topic's start to its end when it starts. */
  private static String readToEnd(String group) {
    return ("'properties.group.id' = '%s', 'scan.startup.mode' = 'earliest-offset',"
            + " 'scan.bounded.mode' = 'latest-offset'")
        .formatted(group);
  }

  private Result measure(Job job, long records, PrintWriter out) throws Exception {
    String name = job.name();
    // The jobs' own settings (object reuse, UTC windows, idle partitions, rules parameters), then
    // the bench's: embedded, one core, no restarts; the config's flink.* keys still have the last
    // word.
    Configuration flink = new JobsRunner(config).flinkConfiguration(job.settingsOf());
    flink.setString("pipeline.name", "bench " + name);
    flink.setString("execution.target", "local");
    flink.setString("parallelism.default", "1");
    // A failure ends the bench with its cause instead of restarting forever.
    flink.setString("restart-strategy.type", "none");
    // Window state with device sketches outgrows the JobManager's 5 MiB in-memory checkpoints.
    flink.setString(
        "execution.checkpointing.dir",
        java.nio.file.Files.createTempDirectory("watershed-bench-checkpoints").toUri().toString());
    config.flinkSettings().forEach(flink::setString);
    JobsRunner.Plan plan = JobsRunner.plan("bench " + name, flink, job.statements());
    out.println("running " + name + " ...");
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    double taskCpuSeconds;
    try (TaskCpu taskCpu = new TaskCpu()) {
      plan.inserts().execute().await();
      taskCpuSeconds = taskCpu.seconds();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
    out.printf(
        "  %s: %.1f s, %.1f CPU s (tasks %.1f), %.0f records/s%n",
        name, seconds, cpuSeconds, taskCpuSeconds, records / seconds);
    return new Result(name, records, seconds, cpuSeconds, taskCpuSeconds);
  }

  private static long processCpuNanos() throws IOException {
    var bean = ManagementFactory.getOperatingSystemMXBean();
    if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IOException("Cannot measure CPU time: no com.sun.management.OperatingSystemMXBean");
  }
}
