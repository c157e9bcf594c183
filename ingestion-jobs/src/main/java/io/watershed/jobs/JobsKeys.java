package io.watershed.jobs;

import io.watershed.contracts.Topics;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.config.PassThrough;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Every key of the jobs runner's config file, declared once. The reference docs ({@code JobsMain
 * keys}, ingestion-jobs/README.md) come from here.
 */
final class JobsKeys {
  /** Entries under this prefix go, without it, into each job's Flink configuration. */
  static final PassThrough FLINK =
      new PassThrough("flink.", "passed to each job's Flink configuration without the prefix");

  static final List<PassThrough> PASS_THROUGHS = List.of(FLINK);

  /** Where the Kafka sources stop: Flink's {@code scan.bounded.mode} values the jobs support. */
  static final List<String> BOUNDED_MODES = List.of("unbounded", "latest-offset");

  static final ConfigKey<String> SQL_DIR =
      ConfigKey.string("jobs.sql-dir", "sql", "Folder holding `jobs/<name>.sql` and `ddl/`.");
  static final ConfigKey<String> JOB_JAR =
      ConfigKey.string(
          "jobs.job-jar",
          "ingestion-jobs/target/watershed-ingestion-jobs.jar",
          "Jar shipped with every job (the UDFs).");
  static final ConfigKey<String> KAFKA_BOOTSTRAP_SERVERS =
      ConfigKey.string(
          "jobs.kafka-bootstrap-servers", "127.0.0.1:9092", "Kafka the jobs read and write.");
  static final ConfigKey<String> CATALOG_URI =
      ConfigKey.string(
          "jobs.catalog-uri", "http://127.0.0.1:8181", "Iceberg REST catalog of the lake.");
  static final ConfigKey<String> CATALOG_TOKEN =
      ConfigKey.token(
          "jobs.catalog-token",
          "Bearer token the catalog wants (16+ characters); empty for a catalog without tokens.");
  static final ConfigKey<String> FLINK_REST_ADDRESS =
      ConfigKey.string(
          "jobs.flink-rest-address",
          "127.0.0.1",
          "JobManager REST address for submit, list, cancel.");
  static final ConfigKey<Integer> FLINK_REST_PORT =
      ConfigKey.integer("jobs.flink-rest-port", 8081, 1, 65535, "JobManager REST port.");
  static final ConfigKey<Duration> CHECKPOINT_INTERVAL =
      ConfigKey.duration(
          "jobs.checkpoint-interval",
          Duration.ofSeconds(30),
          Duration.ofMillis(10),
          Duration.ofHours(24),
          "Checkpoint interval; the Iceberg sink commits on checkpoints.");
  static final ConfigKey<Duration> WINDOWS_CHECKPOINT_INTERVAL =
      ConfigKey.duration(
          "jobs.windows-checkpoint-interval",
          Duration.ofSeconds(10),
          Duration.ofMillis(10),
          Duration.ofHours(24),
          "`ubc_windows` checkpoints at least this often (and at least as often as"
              + " `jobs.checkpoint-interval`): a closed minute is visible in Trino within this time.");
  static final ConfigKey<Duration> DEDUP_HORIZON =
      ConfigKey.duration(
          "jobs.dedup-horizon",
          Duration.ofMinutes(5),
          Duration.ofSeconds(1),
          Duration.ofDays(7),
          "`ubc_clean` remembers event ids this long: a copy sent again within it (a client retry)"
              + " is written to ubc.events once; `ubc_windows` remembers each id's first delivery"
              + " this long, so a late copy of an event a window counted is not a correction;"
              + " state grows with the ids seen in this time.");
  static final ConfigKey<Integer> PARALLELISM =
      ConfigKey.integer("jobs.parallelism", 1, 1, 1024, "Default parallelism of each job.");
  static final ConfigKey<String> STATE_DIR =
      ConfigKey.string(
          "jobs.state-dir",
          "var/jobs/state",
          "Checkpoints and savepoints, per job name (a job resumes from its newest): a URI such as"
              + " `hdfs://host:9000/watershed/flink`, or a local folder.");
  static final ConfigKey<String> TOPIC_RAW_PATTERN =
      ConfigKey.of(
          "jobs.topic-raw-pattern",
          "regex",
          Topics.RAW_PATTERN,
          JobsKeys::regularExpression,
          "Kafka layer 1 topics, as a regular expression.");
  static final ConfigKey<String> TOPIC_RAW_UBC =
      ConfigKey.string("jobs.topic-raw-ubc", Topics.RAW_UBC, "Raw UBC records from the intake.");
  static final ConfigKey<String> TOPIC_CLEAN_UBC =
      ConfigKey.string(
          "jobs.topic-clean-ubc", Topics.CLEAN_UBC, "Kafka layer 2: cleaned UBC records.");
  static final ConfigKey<String> TOPIC_MONITOR =
      ConfigKey.string(
          "jobs.topic-monitor", Topics.MONITOR, "Kafka layer 2: trimmed UBC monitoring records.");
  static final ConfigKey<String> CONSUMER_GROUP_PREFIX =
      ConfigKey.string(
          "jobs.consumer-group-prefix",
          "watershed",
          "Name of a job and its consumer group: `<prefix>-<job>`.");
  static final ConfigKey<String> RULES_URL =
      ConfigKey.string(
          "jobs.rules-url",
          "http://127.0.0.1:8070",
          "Monitor service the UDFs pull dimension rules from (`GET /v1/rules`).");
  static final ConfigKey<String> RULES_TOKEN =
      ConfigKey.token(
          "jobs.rules-token", "Agent token for the rules (16+ characters); empty for none.");
  static final ConfigKey<Duration> RULES_INTERVAL =
      ConfigKey.duration(
          "jobs.rules-interval",
          Duration.ofSeconds(10),
          Duration.ofMillis(100),
          Duration.ofHours(24),
          "Rules heartbeat: a rule change applies within this time, without a restart.");
  static final ConfigKey<Duration> WATERMARK_DELAY =
      ConfigKey.duration(
          "jobs.watermark-delay",
          Duration.ofSeconds(10),
          Duration.ZERO,
          Duration.ofHours(24),
          "Bounded out-of-orderness of report time: windows close this long after their end.");
  static final ConfigKey<String> SCAN_BOUNDED_MODE =
      ConfigKey.of(
          "jobs.scan-bounded-mode",
          "enum",
          "unbounded",
          JobsKeys::boundedMode,
          "Kafka sources stop here: `unbounded` (streaming) or `latest-offset` (backfill, bench).");

  static final List<ConfigKey<?>> ALL =
      List.of(
          SQL_DIR,
          JOB_JAR,
          KAFKA_BOOTSTRAP_SERVERS,
          CATALOG_URI,
          CATALOG_TOKEN,
          FLINK_REST_ADDRESS,
          FLINK_REST_PORT,
          CHECKPOINT_INTERVAL,
          WINDOWS_CHECKPOINT_INTERVAL,
          DEDUP_HORIZON,
          PARALLELISM,
          STATE_DIR,
          TOPIC_RAW_PATTERN,
          TOPIC_RAW_UBC,
          TOPIC_CLEAN_UBC,
          TOPIC_MONITOR,
          CONSUMER_GROUP_PREFIX,
          RULES_URL,
          RULES_TOKEN,
          RULES_INTERVAL,
          WATERMARK_DELAY,
          SCAN_BOUNDED_MODE);

  private JobsKeys() {}

  /** The reference docs: one Markdown table row per key and pass-through prefix. */
  static String reference() {
    return KeyReference.markdown(ALL, PASS_THROUGHS);
  }

  private static String boundedMode(String value) {
    if (!BOUNDED_MODES.contains(value)) {
      throw new IllegalArgumentException("must be " + String.join(" or ", BOUNDED_MODES));
    }
    return value;
  }

  private static String regularExpression(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    try {
      Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("must be a regular expression: " + e.getDescription(), e);
    }
    return value;
  }
}
