package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.ConfigValues;
import io.watershed.kit.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runner's settings: where the cluster, Kafka, the catalog and the monitor service are, and how
 * jobs run. Keys are declared once in {@link JobsKeys} and read with the service kit's config
 * model; {@code flink.*} keys pass through to Flink's configuration. {@link #with} derives a config
 * with some keys changed (the bench, the tests).
 */
public final class JobsConfig {
  private static final String COMPONENT = "jobs";

  private final Path home;
  private final String source;
  private final Map<String, String> settings;
  private final Map<String, Object> values;
  private final Map<String, String> flinkSettings;

  private JobsConfig(
      Path home,
      String source,
      Map<String, String> settings,
      Map<String, Object> values,
      Map<String, String> flinkSettings) {
    this.home = requireNonNull(home, "home is null");
    this.source = requireNonNull(source, "source is null");
    this.settings = Map.copyOf(requireNonNull(settings, "settings is null"));
    this.values = Map.copyOf(requireNonNull(values, "values is null"));
    this.flinkSettings = Map.copyOf(requireNonNull(flinkSettings, "flinkSettings is null"));
  }

  /**
   * Loads a Java properties file (UTF-8) over the defaults; relative paths resolve against {@code
   * home}.
   *
   * @throws ConfigException when the file cannot be read, or listing every error, numbered
   */
  public static JobsConfig load(Path home, Path file) {
    return load(home, file.toString(), ConfigValues.readProperties(COMPONENT, file));
  }

  /**
   * Loads settings over the defaults; relative paths resolve against {@code home}.
   *
   * @throws ConfigException listing every error, numbered
   */
  public static JobsConfig load(Path home, Map<String, String> settings) {
    return load(home, "(settings)", settings);
  }

  private static JobsConfig load(Path home, String source, Map<String, String> settings) {
    ConfigValues parsed = new ConfigValues(COMPONENT, source, settings, JobsKeys.PASS_THROUGHS);
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey<?> key : JobsKeys.ALL) {
      Object value = parsed.get(key, null);
      if (value != null) {
        values.put(key.name(), value);
      }
    }
    Map<String, String> flink = parsed.withPrefix(JobsKeys.FLINK);
    parsed.finish();
    return new JobsConfig(home, source, settings, values, flink);
  }

  /** The same settings with {@code changes} applied over them, validated again. */
  public JobsConfig with(Map<String, String> changes) {
    Map<String, String> merged = new LinkedHashMap<>(settings);
    merged.putAll(changes);
    return load(home, source, merged);
  }

  public Path sqlDirectory() {
    return path(JobsKeys.SQL_DIR);
  }

  public Path jobJar() {
    return path(JobsKeys.JOB_JAR);
  }

  public String kafkaBootstrapServers() {
    return value(JobsKeys.KAFKA_BOOTSTRAP_SERVERS);
  }

  public String catalogUri() {
    return value(JobsKeys.CATALOG_URI);
  }

  public String catalogToken() {
    return value(JobsKeys.CATALOG_TOKEN);
  }

  /** The lake catalog's properties for Iceberg's Java API: its address and token, if any. */
  public Map<String, String> catalogProperties() {
    return catalogToken().isEmpty()
        ? Map.of("uri", catalogUri())
        : Map.of("uri", catalogUri(), "token", catalogToken());
  }

  public String flinkRestAddress() {
    return value(JobsKeys.FLINK_REST_ADDRESS);
  }

  public int flinkRestPort() {
    return value(JobsKeys.FLINK_REST_PORT);
  }

  public Duration checkpointInterval() {
    return value(JobsKeys.CHECKPOINT_INTERVAL);
  }

  /**
   * The checkpoint interval of {@code job}: the window job's commits are what make a closed window
   * visible, so it checkpoints at the shorter of the two intervals. A 30 s interval divides the
   * minute, so every window of a run would wait the same random share of it (up to 30 s) for its
   * commit; the shorter interval bounds that wait for every run, at the cost of more snapshots of
   * the window job's state (its other checkpoints commit nothing: windows close once a minute).
   */
  public Duration checkpointInterval(String job) {
    Duration windows = value(JobsKeys.WINDOWS_CHECKPOINT_INTERVAL);
    if (job.equals("ubc_windows") && windows.compareTo(checkpointInterval()) < 0) {
      return windows;
    }
    return checkpointInterval();
  }

  /**
   * The root of every job's checkpoints and savepoints, as a URI: a value without a scheme is a
   * local folder, resolved against the home directory.
   */
  public String stateDirectory() {
    String value = value(JobsKeys.STATE_DIR);
    if (value.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return value;
    }
    return path(JobsKeys.STATE_DIR).toUri().toString();
  }

  public int parallelism() {
    return value(JobsKeys.PARALLELISM);
  }

  public String topicRawPattern() {
    return value(JobsKeys.TOPIC_RAW_PATTERN);
  }

  public String topicRawUbc() {
    return value(JobsKeys.TOPIC_RAW_UBC);
  }

  public String topicCleanUbc() {
    return value(JobsKeys.TOPIC_CLEAN_UBC);
  }

  public String topicMonitor() {
    return value(JobsKeys.TOPIC_MONITOR);
  }

  public String consumerGroupPrefix() {
    return value(JobsKeys.CONSUMER_GROUP_PREFIX);
  }

  public String scanBoundedMode() {
    return value(JobsKeys.SCAN_BOUNDED_MODE);
  }

  public String rulesUrl() {
    return value(JobsKeys.RULES_URL);
  }

  public String rulesToken() {
    return value(JobsKeys.RULES_TOKEN);
  }

  public Duration rulesInterval() {
    return value(JobsKeys.RULES_INTERVAL);
  }

  public Duration watermarkDelay() {
    return value(JobsKeys.WATERMARK_DELAY);
  }

  public Duration dedupHorizon() {
    return value(JobsKeys.DEDUP_HORIZON);
  }

  /** Flink settings passed through (the {@code flink.} prefix removed). */
  public Map<String, String> flinkSettings() {
    return flinkSettings;
  }

  /** The Flink job name of a job, also its consumer group: {@code <prefix>-<job>}. */
  public String jobName(String job) {
    return consumerGroupPrefix() + "-" + job;
  }

  /** The values a job's SQL may name as ${...} ({@link SqlVariables}). */
  public Map<String, String> sqlVariables(String job) {
    return SqlVariables.of(this, job);
  }

  /** Every setting with its effective value, secrets masked: safe to log. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    for (ConfigKey<?> key : JobsKeys.ALL) {
      Object value = values.get(key.name());
      String text = value instanceof Duration duration ? Durations.format(duration) : "" + value;
      shown.put(key.name(), text.isEmpty() ? text : key.printable(text));
    }
    return "JobsConfig" + shown + " flink" + flinkSettings;
  }

  private Path path(ConfigKey<String> key) {
    return home.resolve(value(key)).normalize();
  }

  /** The parsed value of a key: every key of {@link JobsKeys#ALL} was read by its own parser. */
  @SuppressWarnings("unchecked")
  private <T> T value(ConfigKey<T> key) {
    return (T) values.get(key.name());
  }
}
