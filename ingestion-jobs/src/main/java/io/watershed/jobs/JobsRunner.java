package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.jobs.internal.SqlScript;
import io.watershed.udfs.UbcDevices;
import io.watershed.udfs.UbcDevicesEstimate;
import io.watershed.udfs.UbcDevicesUnion;
import io.watershed.udfs.UbcDims;
import io.watershed.udfs.UbcParse;
import io.watershed.udfs.UbcTrim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.functions.UserDefinedFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@code sql/jobs/<name>.sql} into one Flink job: the lake catalog of {@code
 * sql/ddl/lake_catalog.sql} and the UDFs registered, DDL executed, every INSERT gathered into one
 * statement set named {@code <prefix>-<name>}, checkpointing and a restart strategy on. The UDFs
 * get the monitor service's address as job parameters ({@code watershed.rules.*}).
 */
public final class JobsRunner {
  private static final Logger LOG = LoggerFactory.getLogger(JobsRunner.class);

  /** The UDFs every job can call, by SQL name. */
  static final Map<String, Class<? extends UserDefinedFunction>> UDFS =
      Map.of(
          UbcParse.NAME, UbcParse.class,
          UbcDims.NAME, UbcDims.class,
          UbcTrim.NAME, UbcTrim.class,
          UbcDevices.NAME, UbcDevices.class,
          UbcDevicesUnion.NAME, UbcDevicesUnion.class,
          UbcDevicesEstimate.NAME, UbcDevicesEstimate.class);

  private final JobsConfig config;

  public JobsRunner(JobsConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /** Submits the job to the configured Flink cluster and returns once it is accepted. */
  public JobClient submit(String job) throws IOException {
    return submit(job, Optional.empty());
  }

  /**
   * Submits the job, restoring its state from {@code resumeFrom} (a checkpoint or savepoint
   * directory) when given; state of operators the job no longer has is refused, not dropped.
   */
  public JobClient submit(String job, Optional<String> resumeFrom) throws IOException {
    Configuration flink = flinkConfiguration(job);
    resumeFrom.ifPresent(path -> flink.setString("execution.state-recovery.path", path));
    flink.setString("execution.target", "remote");
    flink.setString("rest.address", config.flinkRestAddress());
    flink.setString("rest.port", Integer.toString(config.flinkRestPort()));
    flink.setString("pipeline.jars", config.jobJar().toUri().toString());
    if (!Files.isRegularFile(config.jobJar())) {
      throw new IOException("Cannot ship job jar " + config.jobJar() + ": not built");
    }
    return execute(job, flink);
  }

  /** Runs the job on a MiniCluster in this JVM; the caller may wait on the returned client. */
  public JobClient runEmbedded(String job) throws IOException {
    Configuration flink = flinkConfiguration(job);
    flink.setString("execution.target", "local");
    return execute(job, flink);
  }

  /** The job's optimized plan, as Flink's planner explains it; nothing is submitted. */
  public String explain(String job) throws IOException {
    Configuration flink = flinkConfiguration(job);
    flink.setString("execution.target", "local");
    return plan("job " + job, flink, statements(job)).inserts().explain();
  }

  private JobClient execute(String job, Configuration flink) throws IOException {
    Plan plan = plan("job " + job, flink, statements(job));
    TableResult result = plan.inserts().execute();
    JobClient client =
        result
            .getJobClient()
            .orElseThrow(() -> new IllegalStateException("no job client for " + job));
    LOG.info(
        "submitted job {} as {} with {} inserts",
        config.jobName(job),
        client.getJobID(),
        plan.count());
    return client;
  }

  /** A job ready to execute: its INSERTs gathered into one statement set. */
  public record Plan(StatementSet inserts, int count) {}

  /**
   * Creates the table environment, registers the UDFs, executes every statement but the INSERTs and
   * gathers those into one statement set, so that they run as one job.
   */
  public static Plan plan(String what, Configuration flink, List<String> statements) {
    TableEnvironment tables =
        TableEnvironment.create(
            EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(flink).build());
    UDFS.forEach(tables::createTemporarySystemFunction);
    StatementSet inserts = tables.createStatementSet();
    int count = 0;
    for (String statement : statements) {
      if (statement.toUpperCase(Locale.ROOT).startsWith("INSERT")) {
        inserts.addInsertSql(statement);
        count++;
      } else {
        tables.executeSql(statement);
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("Cannot run " + what + ": its SQL has no INSERT");
    }
    return new Plan(inserts, count);
  }

  /** The filled-in statements: the lake catalog first, then the job's own. */
  public List<String> statements(String job) throws IOException {
    List<String> statements = new ArrayList<>(catalogStatements(job));
    statements.addAll(sqlFile(job, config.sqlDirectory().resolve("jobs").resolve(job + ".sql")));
    return statements;
  }

  /** The statements that register the lake as catalog {@code lake}, filled in for {@code job}. */
  List<String> catalogStatements(String job) throws IOException {
    return sqlFile(job, config.sqlDirectory().resolve("ddl/lake_catalog.sql"));
  }

  private List<String> sqlFile(String job, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("Cannot load job " + job + ": " + file + " does not exist");
    }
    String sql = Files.readString(file, StandardCharsets.UTF_8);
    return SqlScript.statements(
        SqlScript.substitute(file.toString(), sql, config.sqlVariables(job)));
  }

  /** What the UDFs read in open(): where the dimension rules are and how often to pull them. */
  Map<String, String> jobParameters() {
    return Map.of(
        "watershed.rules.url", config.rulesUrl(),
        "watershed.rules.token", config.rulesToken(),
        "watershed.rules.interval", config.rulesInterval().toMillis() + " ms");
  }

  /** The settings every job of {@code job}'s name runs with (the bench starts from them too). */
  public Configuration flinkConfiguration(String job) {
    Configuration flink = new Configuration();
    flink.setString("pipeline.name", config.jobName(job));
    flink.setString("parallelism.default", Integer.toString(config.parallelism()));
    flink.setString(
        "execution.checkpointing.interval", config.checkpointInterval(job).toMillis() + " ms");
    flink.setString("execution.checkpointing.mode", "EXACTLY_ONCE");
    // State by job name, kept through cancellation and crashes: the next submission of the same
    // name resumes from the newest (JobState), so open windows, deduplication and the Iceberg
    // sinks' pending commits survive a restart.
    JobState state = new JobState(config.stateDirectory());
    flink.setString("execution.checkpointing.dir", state.checkpointDirectory(config.jobName(job)));
    flink.setString(
        "execution.checkpointing.savepoint-dir", state.savepointDirectory(config.jobName(job)));
    flink.setString(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    // No copy of every row between chained operators (SQL operators and our UDFs keep no
    // references to their input): ubc_clean and the trim stage spend ~20 % less CPU a record.
    flink.setString("pipeline.object-reuse", "true");
    // A view that several INSERTs read is planned once and shared (ubc_clean's one ubc_parse a
    // record for three sinks, udfs/README.md), instead of once per INSERT, pruned differently.
    flink.setString("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");
    flink.setString("restart-strategy.type", "exponential-delay");
    // An outage (Kafka, HDFS, the catalog) is retried at least every 10 s, not every minute.
    flink.setString("restart-strategy.exponential-delay.max-backoff", "10 s");
    // Windows are aligned to UTC whatever the machine's zone (+05:45 would shift 5-minute ones).
    flink.setString("table.local-time-zone", "UTC");
    // Partitions without traffic must not hold the watermark back (ARCHITECTURE.md).
    flink.setString("table.exec.source.idle-timeout", "30 s");
    if (job.equals("ubc_clean")) {
      // The only state of ubc_clean is the event ids of its deduplication: kept this long.
      flink.setString("table.exec.state.ttl", config.dedupHorizon().toMillis() + " ms");
    }
    flink.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, jobParameters());
    config.flinkSettings().forEach(flink::setString);
    return flink;
  }
}
