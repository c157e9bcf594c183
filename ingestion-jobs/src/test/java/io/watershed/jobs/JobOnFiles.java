package io.watershed.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * One job of sql/jobs/ on an embedded MiniCluster, its SQL run as shipped except where it meets the
 * outside: each Kafka table becomes a folder of JSON lines (Kafka metadata columns become plain
 * fields; a source watches its folder for new files, so it never ends), and the lake is an
 * in-memory catalog whose tables (the columns of catalog's LakeTables, required ones NOT NULL, as
 * the Iceberg tables tell Flink) are folders too. Sinks commit on checkpoints (every 300 ms), as
 * the Iceberg sinks do (their files are finished after 200 ms, then committed by a checkpoint). The
 * job's views and INSERTs, its watermark and its UDFs are the real ones.
 */
final class JobOnFiles implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final Pattern TEMPORARY_TABLE =
      Pattern.compile("(?s)CREATE TEMPORARY TABLE (\\w+) \\((.*)\\) WITH \\(.*\\)");
  private static final Map<String, String> LAKE = lake();

  private final Path directory;
  private final JobClient client;
  private int files;

  private JobOnFiles(Path directory, JobClient client) {
    this.directory = directory;
    this.client = client;
  }

  /**
   * Starts {@code job} with the runner's settings ({@code overrides} on top of the defaults), its
   * tables in folders under {@code directory}.
   */
  static JobOnFiles start(String job, Path directory, Map<String, String> overrides)
      throws IOException {
    Map<String, String> settings = new HashMap<>(overrides);
    settings.put("jobs.state-dir", directory.resolve("state").toString());
    settings.put("jobs.checkpoint-interval", "300ms");
    settings.put("jobs.windows-checkpoint-interval", "300ms");
    // A failure ends the job, so that a test sees it instead of waiting out its restarts.
    settings.put("flink.restart-strategy.type", "none");
    JobsRunner runner = new JobsRunner(JobsConfig.load(home(), settings));
    List<String> shipped = runner.statements(job);
    List<String> statements = new ArrayList<>();
    statements.add("CREATE CATALOG lake WITH ('type' = 'generic_in_memory')");
    for (String database : List.of("logs", "ubc", "ops")) {
      statements.add("CREATE DATABASE lake." + database);
    }
    for (String table : LAKE.keySet()) {
      Files.createDirectories(directory.resolve(table));
    }
    LAKE.forEach(
        (table, columns) ->
            statements.add(
                "CREATE TABLE lake.%s (%s) WITH (%s)"
                    .formatted(table, columns, options(directory.resolve(table)))));
    for (String statement : shipped.subList(runner.catalogStatements(job).size(), shipped.size())) {
      statements.add(onFiles(statement, directory));
    }
    Configuration flink = runner.flinkConfiguration(job);
    flink.setString("execution.target", "local");
    JobsRunner.Plan plan = JobsRunner.plan("job " + job + " on files", flink, statements);
    JobClient client =
        plan.inserts()
            .execute()
            .getJobClient()
            .orElseThrow(() -> new IllegalStateException("no job client for " + job));
    return new JobOnFiles(directory, client);
  }

  /** Adds a file of rows (JSON objects) to a source table's folder, whole at once. */
  void append(String table, List<String> rows) throws IOException {
    Path folder = directory.resolve(table);
    Files.createDirectories(folder);
    String name = "%05d.json".formatted(++files);
    Path hidden = folder.resolve("." + name);
    Files.writeString(hidden, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    Files.move(hidden, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The committed rows of a table (a lake table as {@code ubc.events}, or a Kafka table's name).
   */
  List<JsonNode> rows(String table) {
    Path folder = directory.resolve(table);
    List<JsonNode> rows = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return rows;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("_") || !Files.isRegularFile(file)) {
          continue;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            rows.add(JSON.readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the rows of " + table, e);
    }
    return rows;
  }

  /** Waits until the committed rows of {@code table} satisfy {@code condition}; returns them. */
  List<JsonNode> await(String table, String what, Predicate<List<JsonNode>> condition)
      throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      List<JsonNode> rows = rows(table);
      if (condition.test(rows)) {
        return rows;
      }
      if (client.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
        AssertionError ended =
            new AssertionError("The job ended before " + table + " had " + what + ": " + rows);
        try {
          client.getJobExecutionResult().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          ended.initCause(e.getCause());
        }
        throw ended;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "%s did not get %s within %s: %s; files: %s"
                .formatted(table, what, TIMEOUT, rows, files()));
      }
      Thread.sleep(100);
    }
  }

  /** Every file under the job's folder, hidden ones too (in-progress sink files). */
  private List<String> files() throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> directory.relativize(file).toString())
          .filter(name -> !name.startsWith("state"))
          .sorted()
          .toList();
    }
  }

  @Override
  public void close() throws Exception {
    if (!client.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
      client.cancel().get(1, TimeUnit.MINUTES);
    }
    // Ended before the test's folder goes.
    client.getJobExecutionResult().handle((result, failure) -> null).get(1, TimeUnit.MINUTES);
  }

  /** A Kafka table of the job as a folder: metadata columns become fields, the options change. */
  private static String onFiles(String statement, Path directory) {
    Matcher table = TEMPORARY_TABLE.matcher(statement);
    if (!table.matches()) {
      return statement;
    }
    try {
      Files.createDirectories(directory.resolve(table.group(1)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String columns = table.group(2).replaceAll(" METADATA FROM '[^']*'( VIRTUAL)?", "");
    return "CREATE TEMPORARY TABLE %s (%s) WITH (%s)"
        .formatted(table.group(1), columns, options(directory.resolve(table.group(1))));
  }

  private static String options(Path folder) {
    return String.join(
        ", ",
        "'connector' = 'filesystem'",
        "'path' = '" + folder.toUri() + "'",
        "'format' = 'json'",
        "'json.timestamp-format.standard' = 'ISO-8601'",
        "'source.monitor-interval' = '100 ms'",
        // A file of JSON lines is finished at this age (not at checkpoints, as Parquet files
        // are) and committed by the next checkpoint.
        "'sink.rolling-policy.rollover-interval' = '200 ms'",
        "'sink.rolling-policy.check-interval' = '100 ms'");
  }

  private static Map<String, String> lake() {
    Map<String, String> tables = new java.util.LinkedHashMap<>();
    tables.put(
        "logs.lines",
        "source STRING NOT NULL, line STRING NOT NULL, agent STRING, host STRING, path STRING,"
            + " file_id STRING, file_offset BIGINT, app STRING, channel STRING,"
            + " batch_id STRING, batch_index INT, ingest_ts TIMESTAMP_LTZ(6) NOT NULL");
    tables.put(
        "ubc.events",
        "event_id STRING NOT NULL, ubc STRING NOT NULL, log_type STRING NOT NULL,"
            + " channel STRING, event_ts TIMESTAMP_LTZ(6), report_ts TIMESTAMP_LTZ(6) NOT NULL,"
            + " os STRING, os_version STRING, device_id STRING, app STRING,"
            + " app_version STRING, net STRING, ext MAP<STRING, STRING>, duration_ms BIGINT,"
            + " ingest_ts TIMESTAMP_LTZ(6) NOT NULL");
    tables.put(
        "ubc.rejects",
        "reason STRING NOT NULL, payload STRING NOT NULL, source STRING, agent STRING,"
            + " host STRING, path STRING, file_id STRING, file_offset BIGINT, app STRING,"
            + " channel STRING, batch_id STRING, batch_index INT,"
            + " ingest_ts TIMESTAMP_LTZ(6) NOT NULL");
    tables.put("ubc.metrics_1m", metrics());
    tables.put("ubc.metrics_5m", metrics());
    String late =
        "event_id STRING NOT NULL, ubc STRING NOT NULL, log_type STRING NOT NULL,"
            + " report_ts TIMESTAMP_LTZ(6) NOT NULL, d1 STRING, d2 STRING, d3 STRING,"
            + " d4 STRING, d5 STRING, d6 STRING, duration_ms BIGINT, device_id STRING,"
            + " rules_version BIGINT, job STRING, `watermark` TIMESTAMP_LTZ(6) NOT NULL,"
            + " late_ts TIMESTAMP_LTZ(6) NOT NULL";
    tables.put("ubc.late", late);
    tables.put("ubc.corrections", late);
    tables.put(
        "ops.progress",
        "job STRING NOT NULL, source STRING NOT NULL, `watermark` TIMESTAMP_LTZ(6),"
            + " updated_at TIMESTAMP_LTZ(6), gap_start TIMESTAMP_LTZ(6),"
            + " gap_end TIMESTAMP_LTZ(6), reason STRING");
    return java.util.Collections.unmodifiableMap(tables);
  }

  private static String metrics() {
    return "window_start TIMESTAMP_LTZ(6) NOT NULL, window_end TIMESTAMP_LTZ(6) NOT NULL,"
        + " ubc STRING NOT NULL, log_type STRING NOT NULL, d1 STRING, d2 STRING, d3 STRING,"
        + " d4 STRING, d5 STRING, d6 STRING, pv BIGINT NOT NULL, duration_ms BIGINT,"
        + " devices BYTES, rules_version BIGINT";
  }

  private static Path home() {
    Path directory = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(directory.resolve("sql/jobs"))) {
      directory = directory.getParent();
    }
    return directory;
  }
}
