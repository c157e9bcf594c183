package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.Topics;
import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The local stack's settings, loaded once into an immutable record. Every key is declared once in
 * {@link StackKeys}, in the service kit's one syntax; unknown keys and bad values are all collected
 * and reported together ({@link ConfigException}).
 */
public record StackConfig(
    Path home,
    Path varDir,
    Path cacheDir,
    String host,
    int kafkaPort,
    int kafkaControllerPort,
    int hdfsPort,
    int hdfsHttpPort,
    int hdfsDatanodePort,
    int hdfsDatanodeHttpPort,
    int hdfsDatanodeIpcPort,
    int catalogPort,
    int flinkRestPort,
    int flinkRpcPort,
    int flinkTaskSlots,
    long flinkTaskManagerMemoryBytes,
    int gatewayPort,
    int trinoPort,
    int monitorPort,
    int intakePort,
    int agentPort,
    Optional<Path> trinoJavaHome,
    long trinoHeapBytes,
    Duration checkpointInterval,
    Duration upkeepInterval,
    Duration startTimeout,
    Map<String, String> jobSettings) {

  /** Keys with this prefix pass through to the jobs runner's config (see ingestion-jobs). */
  public static final String JOBS_PREFIX = "jobs.";

  private static final long MIB = 1024L * 1024;

  public StackConfig {
    requireNonNull(home, "home is null");
    requireNonNull(varDir, "varDir is null");
    requireNonNull(cacheDir, "cacheDir is null");
    requireNonNull(host, "host is null");
    requireNonNull(trinoJavaHome, "trinoJavaHome is null");
    requireNonNull(checkpointInterval, "checkpointInterval is null");
    requireNonNull(upkeepInterval, "upkeepInterval is null");
    requireNonNull(startTimeout, "startTimeout is null");
    jobSettings = Map.copyOf(requireNonNull(jobSettings, "jobSettings is null"));
  }

  /** Defaults for a repository checked out at {@code home}. */
  public static StackConfig defaults(Path home) {
    return load(home, Map.of());
  }

  /**
   * Loads settings over the defaults.
   *
   * @throws ConfigException listing every unknown key and bad value, numbered
   */
  public static StackConfig load(Path home, Map<String, String> settings) {
    return load(home, "settings", settings);
  }

  /**
   * Loads settings read from {@code source} over the defaults.
   *
   * @throws ConfigException listing every unknown key and bad value, numbered
   */
  public static StackConfig load(Path home, String source, Map<String, String> settings) {
    ConfigValues values = new ConfigValues("stack", source, settings, List.of(StackKeys.JOBS));
    Path absoluteHome = home.toAbsolutePath().normalize();
    String cache = values.get(StackKeys.CACHE_DIR, "");
    Ports ports = new Ports(values, new LinkedHashMap<>());
    StackConfig config =
        new StackConfig(
            absoluteHome,
            absoluteHome.resolve(values.get(StackKeys.VAR_DIR, "var")).normalize(),
            cache.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache", "watershed")
                : absoluteHome.resolve(cache),
            values.get(StackKeys.HOST, "127.0.0.1"),
            ports.read(StackKeys.KAFKA_PORT),
            ports.read(StackKeys.KAFKA_CONTROLLER_PORT),
            ports.read(StackKeys.HDFS_PORT),
            ports.read(StackKeys.HDFS_HTTP_PORT),
            ports.read(StackKeys.HDFS_DATANODE_PORT),
            ports.read(StackKeys.HDFS_DATANODE_HTTP_PORT),
            ports.read(StackKeys.HDFS_DATANODE_IPC_PORT),
            ports.read(StackKeys.CATALOG_PORT),
            ports.read(StackKeys.FLINK_REST_PORT),
            ports.read(StackKeys.FLINK_RPC_PORT),
            values.get(StackKeys.FLINK_TASK_SLOTS, 1),
            values.get(StackKeys.FLINK_TASKMANAGER_MEMORY, 2048 * MIB),
            ports.read(StackKeys.GATEWAY_PORT),
            ports.read(StackKeys.TRINO_PORT),
            ports.read(StackKeys.MONITOR_PORT),
            ports.read(StackKeys.INTAKE_PORT),
            ports.read(StackKeys.AGENT_PORT),
            Optional.of(values.get(StackKeys.TRINO_JAVA_HOME, ""))
                .filter(value -> !value.isEmpty())
                .map(Path::of),
            values.get(StackKeys.TRINO_HEAP, 2048 * MIB),
            values.get(StackKeys.CHECKPOINT_INTERVAL, Duration.ofSeconds(30)),
            values.get(StackKeys.UPKEEP_INTERVAL, Duration.ofMinutes(10)),
            values.get(StackKeys.START_TIMEOUT, Duration.ofMinutes(4)),
            values.withPrefix(StackKeys.JOBS).entrySet().stream()
                .collect(
                    LinkedHashMap::new,
                    (map, entry) -> map.put(JOBS_PREFIX + entry.getKey(), entry.getValue()),
                    Map::putAll));
    ports.checkDistinct();
    values.finish();
    return config;
  }

  /** Reads a properties file; a missing optional file means defaults. */
  public static Map<String, String> readProperties(Properties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  /** The TaskManager process size as Flink writes it, in whole MiB, e.g. {@code 2048m}. */
  public String flinkTaskManagerMemory() {
    return flinkTaskManagerMemoryBytes / MIB + "m";
  }

  /** Trino's heap as a JVM size, in whole MiB, e.g. {@code 2048m}. */
  public String trinoHeap() {
    return trinoHeapBytes / MIB + "m";
  }

  public String kafkaBootstrap() {
    return host + ":" + kafkaPort;
  }

  /** The monitoring queue the stack's ubc_monitor job writes: jobs.topic-monitor, if set. */
  public String monitorTopic() {
    return jobSettings.getOrDefault(JOBS_PREFIX + "topic-monitor", Topics.MONITOR);
  }

  public String hdfsUri() {
    return "hdfs://" + host + ":" + hdfsPort;
  }

  public String warehouse() {
    return hdfsUri() + "/watershed/warehouse";
  }

  /** Where the Flink jobs keep their checkpoints and savepoints, by job name. */
  public String flinkStateUri() {
    return hdfsUri() + "/watershed/flink";
  }

  public String catalogUri() {
    return "http://" + host + ":" + catalogPort;
  }

  public String flinkRestUri() {
    return "http://" + host + ":" + flinkRestPort;
  }

  /** The Flink SQL Gateway's REST endpoint. */
  public String gatewayUri() {
    return "http://" + host + ":" + gatewayPort;
  }

  /** Where the stack puts the Watershed UDF jar and users' UDF jars (./watershed udf add). */
  public String udfsUri() {
    return hdfsUri() + "/watershed/udfs";
  }

  public String monitorUri() {
    return "http://" + host + ":" + monitorPort;
  }

  public String intakeUri() {
    return "http://" + host + ":" + intakePort;
  }

  public String trinoUri() {
    return "http://" + host + ":" + trinoPort;
  }

  /** The ports read so far that are valid, each of which must differ from the others. */
  private record Ports(ConfigValues values, Map<String, Integer> valid) {
    int read(ConfigKey<Integer> key) {
      int errorsBefore = values.errors().size();
      int port = values.get(key, 1);
      if (values.errors().size() == errorsBefore) {
        valid.put(key.name(), port);
      }
      return port;
    }

    void checkDistinct() {
      Map<Integer, String> seen = new LinkedHashMap<>();
      valid.forEach(
          (key, port) -> {
            String previous = seen.putIfAbsent(port, key);
            if (previous != null) {
              values.error(
                  "Cannot use %s=%d: the port is already %s's".formatted(key, port, previous));
            }
          });
    }
  }
}
