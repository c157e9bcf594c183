package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's settings: where the cluster, Kafka, the catalog and the monitor service are, and how
 * jobs run. Keys are declared once in {@link Key}; {@code flink.*} keys pass through to Flink's
 * configuration. {@link #with} derives a config with some keys changed (the bench, the tests).
 */
public final class JobsConfig {
  public static final String FLINK_PREFIX = "flink.";

  private final Path home;
  private final Map<String, String> settings;
  private final Map<String, String> values;
  private final Map<String, String> flinkSettings;
  private final int flinkRestPort;
  private final int parallelism;
  private final Duration checkpointInterval;
  private final Duration windowsCheckpointInterval;
  private final Duration rulesInterval;
  private final Duration watermarkDelay;
  private final Duration dedupHorizon;

  private JobsConfig(
      Path home,
      Map<String, String> settings,
      Map<String, String> values,
      Map<String, String> flinkSettings,
      List<String> errors) {
    this.home = requireNonNull(home, "home is null");
    this.settings = Map.copyOf(settings);
    this.values = Map.copyOf(values);
    this.flinkSettings = Map.copyOf(flinkSettings);
    this.flinkRestPort = integer(values, Key.FLINK_REST_PORT, 1, 65535, errors);
    this.parallelism = integer(values, Key.PARALLELISM, 1, 1024, errors);
    this.checkpointInterval = duration(values, Key.CHECKPOINT_INTERVAL, errors);
    this.windowsCheckpointInterval = duration(values, Key.WINDOWS_CHECKPOINT_INTERVAL, errors);
    this.rulesInterval = duration(values, Key.RULES_INTERVAL, errors);
    this.watermarkDelay = duration(values, Key.WATERMARK_DELAY, errors);
    this.dedupHorizon = duration(values, Key.DEDUP_HORIZON, errors);
  }

  /** Every setting: key, default, one-line doc. */
  public enum Key {
    SQL_DIR("jobs.sql-dir", "sql", "Folder holding jobs/<name>.sql and ddl/"),
    JOB_JAR(
        "jobs.job-jar",
        "ingestion-jobs/target/watershed-ingestion-jobs.jar",
        "Jar shipped with every job (the UDFs)"),
    KAFKA_BOOTSTRAP_SERVERS(
        "jobs.kafka-bootstrap-servers", "127.0.0.1:9092", "Kafka the jobs read and write"),
    CATALOG_URI("jobs.catalog-uri", "http://127.0.0.1:8181", "Iceberg REST catalog of the lake"),
    CATALOG_TOKEN(
        "jobs.catalog-token",
        "",
        "Bearer token the catalog wants (shown masked); empty for a catalog without tokens"),
    FLINK_REST_ADDRESS(
        "jobs.flink-rest-address", "127.0.0.1", "JobManager REST address for submit, list, cancel"),
    FLINK_REST_PORT("jobs.flink-rest-port", "8081", "JobManager REST port"),
    CHECKPOINT_INTERVAL(
        "jobs.checkpoint-interval",
        "30s",
        "Checkpoint interval; the Iceberg sink commits on checkpoints"),
    WINDOWS_CHECKPOINT_INTERVAL(
        "jobs.windows-checkpoint-interval",
        "10s",
        "ubc_windows checkpoints at least this often (and at least as often as"
            + " jobs.checkpoint-interval): a closed minute is visible in Trino within this time"),
    DEDUP_HORIZON(
        "jobs.dedup-horizon",
        "5min",
        "ubc_clean remembers event ids this long: a copy sent again within it (a client retry)"
            + " is written to ubc.events once; state grows with the ids seen in this time"),
    PARALLELISM("jobs.parallelism", "1", "Default parallelism of each job"),
    STATE_DIR(
        "jobs.state-dir",
        "var/jobs/state",
        "Checkpoints and savepoints, per job name (a job resumes from its newest): a URI such as"
            + " hdfs://host:9000/watershed/flink, or a local folder"),
    TOPIC_RAW_PATTERN(
        "jobs.topic-raw-pattern",
        Topics.RAW_PATTERN,
        "Kafka layer 1 topics, as a regular expression"),
    TOPIC_RAW_UBC("jobs.topic-raw-ubc", Topics.RAW_UBC, "Raw UBC records from the intake"),
    TOPIC_CLEAN_UBC("jobs.topic-clean-ubc", Topics.CLEAN_UBC, "Kafka layer 2: cleaned UBC records"),
    TOPIC_MONITOR(
        "jobs.topic-monitor", Topics.MONITOR, "Kafka layer 2: trimmed UBC monitoring records"),
    CONSUMER_GROUP_PREFIX(
        "jobs.consumer-group-prefix",
        "watershed",
        "Name of a job and its consumer group: <prefix>-<job>"),
    RULES_URL(
        "jobs.rules-url",
        "http://127.0.0.1:8070",
        "Monitor service the UDFs pull dimension rules from (GET /v1/rules)"),
    RULES_TOKEN("jobs.rules-token", "", "Agent token for the rules (shown masked); empty for none"),
    RULES_INTERVAL(
        "jobs.rules-interval",
        "10s",
        "Rules heartbeat: a rule change applies within this time, without a restart"),
    WATERMARK_DELAY(
        "jobs.watermark-delay",
        "10s",
        "Bounded out-of-orderness of report time: windows close this long after their end"),
    SCAN_BOUNDED_MODE(
        "jobs.scan-bounded-mode",
        "unbounded",
        "Kafka sources stop here: unbounded (streaming) or latest-offset (backfill, bench)");

    private final String key;
    private final String defaultValue;
    private final String doc;

    Key(String key, String defaultValue, String doc) {
      this.key = key;
      this.defaultValue = defaultValue;
      this.doc = doc;
    }

    public String key() {
      return key;
    }

    public String defaultValue() {
      return defaultValue;
    }

    public String doc() {
      return doc;
    }
  }

  /**
   * Loads settings over the defaults; relative paths resolve against {@code home}.
   *
   * @throws IllegalArgumentException listing every error, numbered
   */
  public static JobsConfig load(Path home, Map<String, String> settings) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Key key : Key.values()) {
      values.put(key.key(), key.defaultValue());
    }
    Map<String, String> flink = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    settings.forEach(
        (name, value) -> {
          if (name.startsWith(FLINK_PREFIX)) {
            flink.put(name.substring(FLINK_PREFIX.length()), value.trim());
          } else if (values.containsKey(name)) {
            values.put(name, value.trim());
          } else {
            errors.add("Unknown key '%s' (value '%s')".formatted(name, value));
          }
        });
    String bounded = values.get(Key.SCAN_BOUNDED_MODE.key());
    if (!List.of("unbounded", "latest-offset").contains(bounded)) {
      errors.add(
          "Invalid value '%s' for key '%s': must be unbounded or latest-offset"
              .formatted(bounded, Key.SCAN_BOUNDED_MODE.key()));
    }
    for (Key key : Key.values()) {
      if (key != Key.RULES_TOKEN && key != Key.CATALOG_TOKEN && values.get(key.key()).isEmpty()) {
        errors.add("Invalid value '' for key '%s': must not be empty".formatted(key.key()));
      }
    }
    JobsConfig config = new JobsConfig(home, settings, values, flink, errors);
    if (!errors.isEmpty()) {
      StringBuilder message = new StringBuilder("Cannot load jobs config: ");
      message.append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
      for (int i = 0; i < errors.size(); i++) {
        message
            .append(System.lineSeparator())
            .append("  ")
            .append(i + 1)
            .append(". ")
            .append(errors.get(i));
      }
      throw new IllegalArgumentException(message.toString());
    }
    return config;
  }

  /** The same settings with {@code changes} applied over them, validated again. */
  public JobsConfig with(Map<String, String> changes) {
    Map<String, String> merged = new LinkedHashMap<>(settings);
    merged.putAll(changes);
    return load(home, merged);
  }

  public Path sqlDirectory() {
    return path(Key.SQL_DIR);
  }

  public Path jobJar() {
    return path(Key.JOB_JAR);
  }

  public String kafkaBootstrapServers() {
    return values.get(Key.KAFKA_BOOTSTRAP_SERVERS.key());
  }

  public String catalogUri() {
    return values.get(Key.CATALOG_URI.key());
  }

  public String catalogToken() {
    return values.get(Key.CATALOG_TOKEN.key());
  }

  /** The lake catalog's properties for Iceberg's Java API: its address and token, if any. */
  public Map<String, String> catalogProperties() {
    return catalogToken().isEmpty()
        ? Map.of("uri", catalogUri())
        : Map.of("uri", catalogUri(), "token", catalogToken());
  }

  public String flinkRestAddress() {
    return values.get(Key.FLINK_REST_ADDRESS.key());
  }

  public int flinkRestPort() {
    return flinkRestPort;
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /**
   * The checkpoint interval of {@code job}: the window job's commits are what make a closed window
   * visible, so it checkpoints at the shorter of the two intervals. A 30 s interval divides the
   * minute, so every window of a run would wait the same random share of it (up to 30 s) for its
   * commit; the shorter interval bounds that wait for every run, at the cost of more snapshots of
   * the window job's state (its other checkpoints commit nothing: windows close once a minute).
   */
  public Duration checkpointInterval(String job) {
    if (job.equals("ubc_windows") && windowsCheckpointInterval.compareTo(checkpointInterval) < 0) {
      return windowsCheckpointInterval;
    }
    return checkpointInterval;
  }

  /**
   * The root of every job's checkpoints and savepoints, as a URI: a value without a scheme is a
   * local folder, resolved against the home directory.
   */
  public String stateDirectory() {
    String value = values.get(Key.STATE_DIR.key());
    if (value.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return value;
    }
    return path(Key.STATE_DIR).toUri().toString();
  }

  public int parallelism() {
    return parallelism;
  }

  public String topicRawPattern() {
    return values.get(Key.TOPIC_RAW_PATTERN.key());
  }

  public String topicRawUbc() {
    return values.get(Key.TOPIC_RAW_UBC.key());
  }

  public String topicCleanUbc() {
    return values.get(Key.TOPIC_CLEAN_UBC.key());
  }

  public String topicMonitor() {
    return values.get(Key.TOPIC_MONITOR.key());
  }

  public String consumerGroupPrefix() {
    return values.get(Key.CONSUMER_GROUP_PREFIX.key());
  }

  public String scanBoundedMode() {
    return values.get(Key.SCAN_BOUNDED_MODE.key());
  }

  public String rulesUrl() {
    return values.get(Key.RULES_URL.key());
  }

  public String rulesToken() {
    return values.get(Key.RULES_TOKEN.key());
  }

  public Duration rulesInterval() {
    return rulesInterval;
  }

  public Duration watermarkDelay() {
    return watermarkDelay;
  }

  public Duration dedupHorizon() {
    return dedupHorizon;
  }

  /** Flink settings passed through (the {@code flink.} prefix removed). */
  public Map<String, String> flinkSettings() {
    return flinkSettings;
  }

  /** The Flink job name of a job, also its consumer group: {@code <prefix>-<job>}. */
  public String jobName(String job) {
    return consumerGroupPrefix() + "-" + job;
  }

  /** The values a job's SQL may name as ${...}. */
  public Map<String, String> sqlVariables(String job) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("kafka.bootstrap-servers", kafkaBootstrapServers());
    variables.put("catalog.uri", catalogUri());
    // Extra options of CREATE CATALOG lake: Iceberg sends 'token' as a bearer token.
    variables.put(
        "catalog.auth",
        catalogToken().isEmpty()
            ? ""
            : ",\n  'token' = '" + catalogToken().replace("'", "''") + "'");
    variables.put("topic.raw-pattern", topicRawPattern());
    variables.put("topic.raw-ubc", topicRawUbc());
    variables.put("topic.clean-ubc", topicCleanUbc());
    variables.put("topic.monitor", topicMonitor());
    variables.put("group.id", jobName(job));
    variables.put("job.name", jobName(job));
    variables.put("scan.bounded-mode", scanBoundedMode());
    // Day-to-second form: a SECOND interval literal takes at most 99 seconds.
    Duration delay = watermarkDelay;
    variables.put(
        "watermark.delay",
        "%d %02d:%02d:%02d.%03d"
            .formatted(
                delay.toDays(),
                delay.toHoursPart(),
                delay.toMinutesPart(),
                delay.toSecondsPart(),
                delay.toMillisPart()));
    return variables;
  }

  /** Every setting, the token masked. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>(values);
    if (!rulesToken().isEmpty()) {
      shown.put(Key.RULES_TOKEN.key(), "****");
    }
    if (!catalogToken().isEmpty()) {
      shown.put(Key.CATALOG_TOKEN.key(), "****");
    }
    return "JobsConfig" + shown + " flink" + flinkSettings;
  }

  private Path path(Key key) {
    return home.resolve(values.get(key.key())).normalize();
  }

  private static int integer(
      Map<String, String> values, Key key, int min, int max, List<String> errors) {
    String value = values.get(key.key());
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
      errors.add(
          "Invalid value '%s' for key '%s': must be between %d and %d"
              .formatted(value, key.key(), min, max));
    } catch (NumberFormatException e) {
      errors.add("Invalid value '%s' for key '%s': not an integer".formatted(value, key.key()));
    }
    return min;
  }

  private static Duration duration(Map<String, String> values, Key key, List<String> errors) {
    String value = values.get(key.key());
    java.util.regex.Matcher matcher =
        java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|min|h)").matcher(value);
    if (!matcher.matches()) {
      errors.add(
          "Invalid value '%s' for key '%s': must be a duration such as 500ms, 30s, 2min, 1h"
              .formatted(value, key.key()));
      return Duration.ofSeconds(30);
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "min" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
