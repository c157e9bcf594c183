package io.watershed.infra;

import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.Durations;
import io.watershed.kit.config.KeyReference;
import io.watershed.kit.config.PassThrough;
import java.time.Duration;
import java.util.List;

/** Every key of the local stack's settings, declared once. The reference docs come from here. */
final class StackKeys {
  private static final long MIB = 1024L * 1024;

  static final PassThrough JOBS =
      new PassThrough(
          StackConfig.JOBS_PREFIX, "passed to the jobs runner's config (JobsMain keys lists them)");

  static final ConfigKey<String> VAR_DIR =
      ConfigKey.string(
          "stack.var-dir",
          "var",
          "Data, configs, logs and pids of the components (relative to home).");
  static final ConfigKey<String> CACHE_DIR =
      ConfigKey.optionalString(
          "stack.cache-dir", "Downloads unpacked outside git; empty: ~/.cache/watershed.");
  static final ConfigKey<String> HOST =
      ConfigKey.string("stack.host", "127.0.0.1", "Address every component binds to.");
  static final ConfigKey<Integer> KAFKA_PORT = port("stack.kafka-port", 9092, "Kafka broker.");
  static final ConfigKey<Integer> KAFKA_CONTROLLER_PORT =
      port("stack.kafka-controller-port", 9093, "Kafka KRaft controller.");
  static final ConfigKey<Integer> HDFS_PORT =
      port("stack.hdfs-port", 9000, "HDFS NameNode RPC (fs.defaultFS).");
  static final ConfigKey<Integer> HDFS_HTTP_PORT =
      port("stack.hdfs-http-port", 9870, "HDFS NameNode web UI.");
  static final ConfigKey<Integer> HDFS_DATANODE_PORT =
      port("stack.hdfs-datanode-port", 9866, "HDFS DataNode data transfer.");
  static final ConfigKey<Integer> HDFS_DATANODE_HTTP_PORT =
      port("stack.hdfs-datanode-http-port", 9864, "HDFS DataNode web UI.");
  static final ConfigKey<Integer> HDFS_DATANODE_IPC_PORT =
      port("stack.hdfs-datanode-ipc-port", 9867, "HDFS DataNode IPC.");
  static final ConfigKey<Integer> CATALOG_PORT =
      port("stack.catalog-port", 8181, "Iceberg REST catalog.");
  static final ConfigKey<Integer> FLINK_REST_PORT =
      port("stack.flink-rest-port", 8081, "Flink REST API and web UI.");
  static final ConfigKey<Integer> FLINK_RPC_PORT =
      port("stack.flink-rpc-port", 6123, "Flink JobManager RPC.");
  static final ConfigKey<Integer> FLINK_TASK_SLOTS =
      ConfigKey.integer("stack.flink-task-slots", 8, 1, 64, "Slots of the one TaskManager.");
  static final ConfigKey<Long> FLINK_TASKMANAGER_MEMORY =
      ConfigKey.size(
          "stack.flink-taskmanager-memory",
          "2GiB",
          256 * MIB,
          256 * 1024 * MIB,
          "TaskManager process size (whole MiB).");
  static final ConfigKey<Integer> GATEWAY_PORT =
      port("stack.gateway-port", 8083, "Flink SQL Gateway REST endpoint (./watershed sql).");
  static final ConfigKey<Integer> TRINO_PORT =
      port("stack.trino-port", 8080, "Trino coordinator HTTP.");
  static final ConfigKey<Integer> MONITOR_PORT =
      port("stack.monitor-port", 8070, "Monitor service HTTP (API, rules, heartbeats).");
  static final ConfigKey<Integer> INTAKE_PORT =
      port("stack.intake-port", 8090, "Collector HTTP intake (POST /v1/ubc/{channel}).");
  static final ConfigKey<Integer> AGENT_PORT =
      port("stack.agent-port", 8091, "Collector file agent's /health and /metrics.");
  static final ConfigKey<String> TRINO_JAVA_HOME =
      ConfigKey.optionalString(
          "stack.trino-java-home",
          "JDK 24+ for Trino; empty: TRINO_JAVA_HOME, then one under /usr/lib/jvm.");
  static final ConfigKey<Long> TRINO_HEAP =
      ConfigKey.size(
          "stack.trino-heap",
          "2GiB",
          512 * MIB,
          256 * 1024 * MIB,
          "Trino coordinator heap (-Xmx).");
  static final ConfigKey<Duration> CHECKPOINT_INTERVAL =
      ConfigKey.duration(
          "stack.checkpoint-interval",
          "30s",
          Duration.ofMillis(100),
          Duration.ofHours(1),
          "Checkpoint interval of the stack's jobs (Iceberg commits on checkpoints).");
  static final ConfigKey<Duration> UPKEEP_INTERVAL =
      ConfigKey.of(
          "stack.upkeep-interval",
          "duration",
          "10m",
          StackKeys::upkeepInterval,
          "Pause between the catalog's lake upkeep rounds (compaction, expiry, orphans,"
              + " retention); 0s turns the schedule off (./watershed lake upkeep still runs one).");
  static final ConfigKey<Duration> START_TIMEOUT =
      ConfigKey.duration(
          "stack.start-timeout",
          "4m",
          Duration.ofSeconds(1),
          Duration.ofHours(1),
          "How long up waits for a component to be healthy.");

  static final List<ConfigKey<?>> ALL =
      List.of(
          VAR_DIR,
          CACHE_DIR,
          HOST,
          KAFKA_PORT,
          KAFKA_CONTROLLER_PORT,
          HDFS_PORT,
          HDFS_HTTP_PORT,
          HDFS_DATANODE_PORT,
          HDFS_DATANODE_HTTP_PORT,
          HDFS_DATANODE_IPC_PORT,
          CATALOG_PORT,
          FLINK_REST_PORT,
          FLINK_RPC_PORT,
          FLINK_TASK_SLOTS,
          FLINK_TASKMANAGER_MEMORY,
          GATEWAY_PORT,
          TRINO_PORT,
          MONITOR_PORT,
          INTAKE_PORT,
          AGENT_PORT,
          TRINO_JAVA_HOME,
          TRINO_HEAP,
          CHECKPOINT_INTERVAL,
          UPKEEP_INTERVAL,
          START_TIMEOUT);

  /** The ports, each of which must differ from the others. */
  static final List<ConfigKey<Integer>> PORTS =
      List.of(
          KAFKA_PORT,
          KAFKA_CONTROLLER_PORT,
          HDFS_PORT,
          HDFS_HTTP_PORT,
          HDFS_DATANODE_PORT,
          HDFS_DATANODE_HTTP_PORT,
          HDFS_DATANODE_IPC_PORT,
          CATALOG_PORT,
          FLINK_REST_PORT,
          FLINK_RPC_PORT,
          GATEWAY_PORT,
          TRINO_PORT,
          MONITOR_PORT,
          INTAKE_PORT,
          AGENT_PORT);

  private StackKeys() {}

  /** The reference docs: one Markdown table row per key and the jobs pass-through. */
  static String reference() {
    return KeyReference.markdown(ALL, List.of(JOBS));
  }

  private static Duration upkeepInterval(String value) {
    Duration interval = Durations.parse(value);
    if (!interval.isZero()
        && (interval.compareTo(Duration.ofSeconds(10)) < 0
            || interval.compareTo(Duration.ofDays(7)) > 0)) {
      throw new IllegalArgumentException("must be 0s (off) or between 10s and 168h");
    }
    return interval;
  }

  private static ConfigKey<Integer> port(String name, int defaultValue, String doc) {
    return ConfigKey.integer(name, defaultValue, 1, 65535, doc);
  }
}
