package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.jobs.internal.SqlScript;
import io.watershed.jobs.internal.SqlScript.Kind;
import io.watershed.jobs.internal.SqlScript.Statement;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
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

  private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9_-]+");

  private final JobsConfig config;
  private final Map<String, String> variables;
  private final Map<String, String> jobParameters;

  public JobsRunner(JobsConfig config) {
    this(config, Map.of());
  }

  /**
   * @param variables {@code ${...}} values of this run beside the stack's (a batch script's time
   *     range): they win over the stack's of the same name
   */
  public JobsRunner(JobsConfig config, Map<String, String> variables) {
    this(config, variables, Map.of());
  }

  /**
   * @param jobParameters job parameters of this run beside the stack's (a re-mapping's pinned
   *     {@code watershed.rules.version}): they win over the stack's of the same name
   */
  public JobsRunner(
      JobsConfig config, Map<String, String> variables, Map<String, String> jobParameters) {
    this.config = requireNonNull(config, "config is null");
    this.variables = Map.copyOf(requireNonNull(variables, "variables is null"));
    this.jobParameters = Map.copyOf(requireNonNull(jobParameters, "jobParameters is null"));
  }

  /**
   * A job's SQL: a name in sql/jobs ({@code ubc_clean}) or the path of any {@code .sql} file, whose
   * name without {@code .sql} is the job's name.
   */
  public record Script(String job, Path file) {
    public Script {
      requireNonNull(job, "job is null");
      requireNonNull(file, "file is null");
    }
  }

  /**
   * The script a job reference names: a path when it ends in {@code .sql} (relative ones against
   * {@code base}), else the job of that name in sql/jobs.
   */
  public Script script(String reference, Path base) {
    if (!reference.endsWith(".sql")) {
      return new Script(
          reference, config.sqlDirectory().resolve("jobs").resolve(reference + ".sql"));
    }
    Path file = base.resolve(reference).toAbsolutePath().normalize();
    String job = file.getFileName().toString();
    job = job.substring(0, job.length() - ".sql".length());
    if (!JOB_NAME.matcher(job).matches()) {
      throw new IllegalArgumentException(
          "Cannot name a job after %s: a job's file name is letters, digits, '_' and '-' before .sql"
              .formatted(reference));
    }
    Path own = config.sqlDirectory().resolve("jobs").resolve(job + ".sql").toAbsolutePath();
    if (Files.exists(own) && !own.normalize().equals(file)) {
      throw new IllegalArgumentException(
          "Cannot submit %s as job %s: that is the name of the stack's own job (sql/jobs/%s.sql);"
                  .formatted(reference, job, job)
              + " rename the file");
    }
    return new Script(job, file);
  }

  private Script script(String reference) {
    return script(reference, Path.of(System.getProperty("watershed.caller-dir", ".")));
  }

  /** What a script runs as: a streaming job, a batch job, or one query whose rows are shown. */
  public enum Shape {
    STREAMING,
    BATCH,
    QUERY
  }

  /** The script's shape, from its statements' kinds and its SETs, before anything is planned. */
  public Shape shape(String job) throws IOException {
    List<Statement> statements = script(script(job));
    if (statements.stream().anyMatch(statement -> statement.kind() == Kind.QUERY)) {
      return Shape.QUERY;
    }
    boolean batch = false;
    for (Statement statement : statements) {
      batch =
          SqlScript.setting(statement.text())
              .filter(setting -> setting.getKey().equals("execution.runtime-mode"))
              .map(setting -> setting.getValue().equalsIgnoreCase("batch"))
              .orElse(batch);
    }
    return batch ? Shape.BATCH : Shape.STREAMING;
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
    Plan plan = remotePlan(job, resumeFrom);
    if (plan.query().isPresent()) {
      throw new IllegalArgumentException(
          "Cannot submit job %s: its SQL is a query; run it with `jobs submit` to see its rows"
              .formatted(job));
    }
    return execute(job, plan);
  }

  /** The job planned for the configured cluster: the caller executes its INSERTs or its query. */
  public Plan remotePlan(String job, Optional<String> resumeFrom) throws IOException {
    Script script = script(job);
    Configuration flink = flinkConfiguration(script.job());
    resumeFrom.ifPresent(path -> flink.setString("execution.state-recovery.path", path));
    flink.setString("execution.target", "remote");
    flink.setString("rest.address", config.flinkRestAddress());
    flink.setString("rest.port", Integer.toString(config.flinkRestPort()));
    flink.setString("pipeline.jars", config.jobJar().toUri().toString());
    if (!Files.isRegularFile(config.jobJar())) {
      throw new IOException("Cannot ship job jar " + config.jobJar() + ": not built");
    }
    return planStatements("job " + script.job(), flink, script(script));
  }

  /** Runs the job on a MiniCluster in this JVM; the caller may wait on the returned client. */
  public JobClient runEmbedded(String job) throws IOException {
    Script script = script(job);
    Configuration flink = flinkConfiguration(script.job());
    flink.setString("execution.target", "local");
    return execute(job, planStatements("job " + script.job(), flink, script(script)));
  }

  /** The job's optimized plan, as Flink's planner explains it; nothing is submitted. */
  public String explain(String job) throws IOException {
    Script script = script(job);
    Configuration flink = flinkConfiguration(script.job());
    flink.setString("execution.target", "local");
    Plan plan = planStatements("job " + script.job(), flink, script(script));
    return plan.query().isPresent()
        ? plan.tables().explainSql(plan.query().get())
        : plan.inserts().explain();
  }

  private JobClient execute(String job, Plan plan) {
    TableResult result = plan.inserts().execute();
    JobClient client =
        result
            .getJobClient()
            .orElseThrow(() -> new IllegalStateException("no job client for " + job));
    LOG.info(
        "submitted job {} as {} with {} inserts",
        config.jobName(script(job).job()),
        client.getJobID(),
        plan.count());
    return client;
  }

  /**
   * A script ready to execute: its INSERTs gathered into one statement set, or its one query; in
   * batch mode when the script set {@code execution.runtime-mode} to {@code batch}.
   */
  public record Plan(
      TableEnvironment tables,
      StatementSet inserts,
      int count,
      Optional<String> query,
      boolean batch) {}

  /** {@link #plan(String, Configuration, List)} of statements without line numbers. */
  public static Plan plan(String what, Configuration flink, List<String> statements) {
    return planStatements(
        what, flink, statements.stream().map(text -> new Statement(text, 0)).toList());
  }

  /**
   * Applies the script's {@code SET}s to {@code flink}, creates the table environment, registers
   * the UDFs, executes every statement but the INSERTs and its query, and gathers the INSERTs
   * (alone, in {@code EXECUTE STATEMENT SET} or between {@code BEGIN STATEMENT SET} and {@code
   * END}) into one statement set, so that they run as one job.
   *
   * @throws IllegalArgumentException naming the line of a statement Flink refuses, or a script with
   *     neither INSERT nor query, or one with both
   */
  public static Plan planStatements(String what, Configuration flink, List<Statement> statements) {
    for (Statement statement : statements) {
      if (statement.kind() == Kind.SET) {
        Map.Entry<String, String> setting =
            SqlScript.setting(statement.text())
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Cannot run %s: the SET at %s is not SET 'key' = 'value'"
                                .formatted(what, where(statement))));
        flink.setString(setting.getKey(), setting.getValue());
      }
    }
    boolean batch = "batch".equalsIgnoreCase(flink.getString("execution.runtime-mode", ""));
    EnvironmentSettings.Builder settings = EnvironmentSettings.newInstance();
    TableEnvironment tables =
        TableEnvironment.create(
            (batch ? settings.inBatchMode() : settings.inStreamingMode())
                .withConfiguration(flink)
                .build());
    UDFS.forEach(tables::createTemporarySystemFunction);
    StatementSet inserts = tables.createStatementSet();
    int count = 0;
    Optional<Statement> query = Optional.empty();
    for (Statement statement : statements) {
      switch (statement.kind()) {
        case SET, BEGIN_SET, END_SET -> {}
        case INSERT -> {
          add(what, inserts, statement);
          count++;
        }
        case STATEMENT_SET -> {
          for (Statement insert : SqlScript.statementSetInserts(statement)) {
            add(what, inserts, insert);
            count++;
          }
        }
        case QUERY -> {
          if (query.isPresent()) {
            throw new IllegalArgumentException(
                "Cannot run %s: it has a second query at %s; a script shows the rows of one query"
                    .formatted(what, where(statement)));
          }
          query = Optional.of(statement);
        }
        case OTHER -> {
          try {
            tables.executeSql(statement.text());
          } catch (RuntimeException e) {
            throw failed(what, statement, e);
          }
        }
      }
    }
    if (count == 0 && query.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot run " + what + ": its SQL has no INSERT and no query");
    }
    if (count > 0 && query.isPresent()) {
      throw new IllegalArgumentException(
          "Cannot run %s: it has INSERTs and a query (%s); a job stores rows or shows them: put the"
                  .formatted(what, where(query.get()))
              + " query in a script of its own");
    }
    return new Plan(tables, inserts, count, query.map(Statement::text), batch);
  }

  private static void add(String what, StatementSet inserts, Statement insert) {
    String text = insert.text();
    // EXECUTE INSERT INTO ...: the statement set takes the INSERT itself.
    if (text.regionMatches(true, 0, "EXECUTE", 0, "EXECUTE".length())) {
      text = text.substring("EXECUTE".length()).strip();
    }
    try {
      inserts.addInsertSql(text);
    } catch (RuntimeException e) {
      throw failed(what, insert, e);
    }
  }

  private static String where(Statement statement) {
    return statement.line() > 0 ? "line " + statement.line() : "statement";
  }

  private static IllegalArgumentException failed(
      String what, Statement statement, RuntimeException e) {
    return new IllegalArgumentException(
        "Cannot run %s: Flink refuses the statement at %s: %s"
            .formatted(what, where(statement), firstLine(e.getMessage())),
        e);
  }

  private static String firstLine(String message) {
    return message == null ? "no reason given" : message.lines().findFirst().orElse("");
  }

  /** The filled-in statements: the lake catalog first, then the job's own. */
  public List<String> statements(String job) throws IOException {
    return script(script(job)).stream().map(Statement::text).toList();
  }

  private List<Statement> script(Script script) throws IOException {
    List<Statement> statements = new ArrayList<>(catalogStatements(script.job()));
    statements.addAll(sqlFile(script.job(), script.file()));
    return statements;
  }

  /** The statements that register the lake as catalog {@code lake}, filled in for {@code job}. */
  List<Statement> catalogStatements(String job) throws IOException {
    // Line numbers name the user's file only: the catalog's statements have none.
    return sqlFile(job, config.sqlDirectory().resolve("ddl/lake_catalog.sql")).stream()
        .map(statement -> new Statement(statement.text(), 0))
        .toList();
  }

  private List<Statement> sqlFile(String job, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("Cannot load job " + job + ": " + file + " does not exist");
    }
    String sql = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> variables = new LinkedHashMap<>(config.sqlVariables(job));
    variables.putAll(this.variables);
    List<Statement> statements = new ArrayList<>();
    for (Statement statement : SqlScript.split(sql)) {
      statements.add(
          new Statement(
              SqlScript.substitute(
                  file.getFileName() + " line " + statement.line(), statement.text(), variables),
              statement.line()));
    }
    return statements;
  }

  /** What the UDFs read in open(): where the dimension rules are and how often to pull them. */
  Map<String, String> jobParameters() {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("watershed.rules.url", config.rulesUrl());
    parameters.put("watershed.rules.token", config.rulesToken());
    parameters.put("watershed.rules.interval", config.rulesInterval().toMillis() + " ms");
    parameters.putAll(jobParameters);
    return Map.copyOf(parameters);
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
    if (job.equals("ubc_clean") || job.equals("ubc_windows")) {
      // Event ids of a deduplication over all time (ubc_clean's, ubc_windows' first deliveries for
      // the corrections) are kept this long; window operators clean up by their windows' ends.
      flink.setString("table.exec.state.ttl", config.dedupHorizon().toMillis() + " ms");
    }
    flink.set(PipelineOptions.GLOBAL_JOB_PARAMETERS, jobParameters());
    config.flinkSettings().forEach(flink::setString);
    return flink;
  }
}
