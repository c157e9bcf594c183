package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runner's settings: where the cluster, Kafka and the catalog are, and how jobs run. Keys are
 * declared once in {@link Key}; {@code flink.*} keys pass through to Flink's configuration.
 */
public record JobsConfig(
    Path sqlDirectory,
    Path jobJar,
    String kafkaBootstrapServers,
    String catalogUri,
    String flinkRestAddress,
    int flinkRestPort,
    Duration checkpointInterval,
    int parallelism,
    String topicRawPattern,
    String topicRawUbc,
    String topicCleanUbc,
    String consumerGroupPrefix,
    String scanBoundedMode,
    Map<String, String> flinkSettings) {

  public static final String FLINK_PREFIX = "flink.";

  public JobsConfig {
    requireNonNull(sqlDirectory, "sqlDirectory is null");
    requireNonNull(jobJar, "jobJar is null");
    requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
    requireNonNull(catalogUri, "catalogUri is null");
    requireNonNull(flinkRestAddress, "flinkRestAddress is null");
    requireNonNull(checkpointInterval, "checkpointInterval is null");
    requireNonNull(topicRawPattern, "topicRawPattern is null");
    requireNonNull(topicRawUbc, "topicRawUbc is null");
    requireNonNull(topicCleanUbc, "topicCleanUbc is null");
    requireNonNull(consumerGroupPrefix, "consumerGroupPrefix is null");
    requireNonNull(scanBoundedMode, "scanBoundedMode is null");
    flinkSettings = Map.copyOf(requireNonNull(flinkSettings, "flinkSettings is null"));
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
    FLINK_REST_ADDRESS(
        "jobs.flink-rest-address", "127.0.0.1", "JobManager REST address for submit, list, cancel"),
    FLINK_REST_PORT("jobs.flink-rest-port", "8081", "JobManager REST port"),
    CHECKPOINT_INTERVAL(
        "jobs.checkpoint-interval",
        "30s",
        "Checkpoint interval; the Iceberg sink commits on checkpoints"),
    PARALLELISM("jobs.parallelism", "1", "Default parallelism of each job"),
    TOPIC_RAW_PATTERN(
        "jobs.topic-raw-pattern", "ws\\.raw\\..*", "Kafka layer 1 topics, as a regular expression"),
    TOPIC_RAW_UBC("jobs.topic-raw-ubc", "ws.raw.ubc", "Raw UBC records from the intake"),
    TOPIC_CLEAN_UBC("jobs.topic-clean-ubc", "ws.clean.ubc", "Kafka layer 2: cleaned UBC records"),
    CONSUMER_GROUP_PREFIX(
        "jobs.consumer-group-prefix", "watershed", "Consumer group of a job: <prefix>-<job>"),
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
    int port = integer(values, Key.FLINK_REST_PORT, 1, 65535, errors);
    String bounded = values.get(Key.SCAN_BOUNDED_MODE.key());
    if (!List.of("unbounded", "latest-offset").contains(bounded)) {
      errors.add(
          "Invalid value '%s' for key '%s': must be unbounded or latest-offset"
              .formatted(bounded, Key.SCAN_BOUNDED_MODE.key()));
    }
    int parallelism = integer(values, Key.PARALLELISM, 1, 1024, errors);
    Duration interval = duration(values, Key.CHECKPOINT_INTERVAL, errors);
    for (Key key : Key.values()) {
      if (values.get(key.key()).isEmpty()) {
        errors.add("Invalid value '' for key '%s': must not be empty".formatted(key.key()));
      }
    }
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
    return new JobsConfig(
        home.resolve(values.get(Key.SQL_DIR.key())).normalize(),
        home.resolve(values.get(Key.JOB_JAR.key())).normalize(),
        values.get(Key.KAFKA_BOOTSTRAP_SERVERS.key()),
        values.get(Key.CATALOG_URI.key()),
        values.get(Key.FLINK_REST_ADDRESS.key()),
        port,
        interval,
        parallelism,
        values.get(Key.TOPIC_RAW_PATTERN.key()),
        values.get(Key.TOPIC_RAW_UBC.key()),
        values.get(Key.TOPIC_CLEAN_UBC.key()),
        values.get(Key.CONSUMER_GROUP_PREFIX.key()),
        values.get(Key.SCAN_BOUNDED_MODE.key()),
        flink);
  }

  /** The values a job's SQL may name as ${...}. */
  public Map<String, String> sqlVariables(String job) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("kafka.bootstrap-servers", kafkaBootstrapServers);
    variables.put("catalog.uri", catalogUri);
    variables.put("topic.raw-pattern", topicRawPattern);
    variables.put("topic.raw-ubc", topicRawUbc);
    variables.put("topic.clean-ubc", topicCleanUbc);
    variables.put("group.id", consumerGroupPrefix + "-" + job);
    variables.put("job.name", JobsRunner.jobName(job));
    variables.put("scan.bounded-mode", scanBoundedMode);
    return variables;
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
