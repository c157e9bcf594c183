package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The local stack's settings, loaded once into an immutable record. Every key is declared once in
 * {@link Key}; unknown keys and bad values are all collected and reported together.
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
    String flinkTaskManagerMemory,
    int trinoPort,
    int monitorPort,
    int intakePort,
    int agentPort,
    Optional<Path> trinoJavaHome,
    String trinoHeap,
    String checkpointInterval,
    int startTimeoutSeconds,
    Map<String, String> jobSettings) {

  /** Keys with this prefix pass through to the jobs runner's config (see ingestion-jobs). */
  public static final String JOBS_PREFIX = "jobs.";

  public StackConfig {
    requireNonNull(home, "home is null");
    requireNonNull(varDir, "varDir is null");
    requireNonNull(cacheDir, "cacheDir is null");
    requireNonNull(host, "host is null");
    requireNonNull(flinkTaskManagerMemory, "flinkTaskManagerMemory is null");
    requireNonNull(trinoJavaHome, "trinoJavaHome is null");
    requireNonNull(trinoHeap, "trinoHeap is null");
    jobSettings = Map.copyOf(requireNonNull(jobSettings, "jobSettings is null"));
  }

  /** One declared setting: name, default, one-line doc. Values are parsed in {@link #load}. */
  public enum Key {
    VAR_DIR(
        "stack.var-dir",
        "var",
        "Data, configs, logs and pids of the components (relative to home)"),
    CACHE_DIR("stack.cache-dir", "", "Downloads unpacked outside git (default ~/.cache/watershed)"),
    HOST("stack.host", "127.0.0.1", "Loopback address every component binds to"),
    KAFKA_PORT("stack.kafka-port", "9092", "Kafka broker listener"),
    KAFKA_CONTROLLER_PORT("stack.kafka-controller-port", "9093", "Kafka KRaft controller listener"),
    HDFS_PORT("stack.hdfs-port", "9000", "HDFS NameNode RPC (fs.defaultFS)"),
    HDFS_HTTP_PORT("stack.hdfs-http-port", "9870", "HDFS NameNode web UI"),
    HDFS_DATANODE_PORT("stack.hdfs-datanode-port", "9866", "HDFS DataNode data transfer"),
    HDFS_DATANODE_HTTP_PORT("stack.hdfs-datanode-http-port", "9864", "HDFS DataNode web UI"),
    HDFS_DATANODE_IPC_PORT("stack.hdfs-datanode-ipc-port", "9867", "HDFS DataNode IPC"),
    CATALOG_PORT("stack.catalog-port", "8181", "Iceberg REST catalog"),
    FLINK_REST_PORT("stack.flink-rest-port", "8081", "Flink REST API and web UI"),
    FLINK_RPC_PORT("stack.flink-rpc-port", "6123", "Flink JobManager RPC"),
    FLINK_TASK_SLOTS("stack.flink-task-slots", "8", "Slots of the one TaskManager"),
    FLINK_TASKMANAGER_MEMORY("stack.flink-taskmanager-memory", "2048m", "TaskManager process size"),
    TRINO_PORT("stack.trino-port", "8080", "Trino coordinator HTTP"),
    MONITOR_PORT("stack.monitor-port", "8070", "Monitor service HTTP (API, rules, heartbeats)"),
    INTAKE_PORT("stack.intake-port", "8090", "Collector HTTP intake (POST /v1/ubc/{channel})"),
    AGENT_PORT("stack.agent-port", "8091", "Collector file agent's /health and /metrics"),
    TRINO_JAVA_HOME(
        "stack.trino-java-home",
        "",
        "JDK 24+ for Trino (default: TRINO_JAVA_HOME, then /usr/lib/jvm)"),
    TRINO_HEAP("stack.trino-heap", "2G", "Trino coordinator -Xmx"),
    CHECKPOINT_INTERVAL(
        "stack.checkpoint-interval",
        "30s",
        "Checkpoint interval of the stack's jobs (Iceberg commits on checkpoints)"),
    START_TIMEOUT_SECONDS(
        "stack.start-timeout-seconds", "240", "How long up waits for a component to be healthy");

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

  /** Defaults for a repository checked out at {@code home}. */
  public static StackConfig defaults(Path home) {
    return load(home, Map.of());
  }

  /**
   * Loads settings over the defaults.
   *
   * @throws InvalidConfigException listing every unknown key and bad value
   */
  public static StackConfig load(Path home, Map<String, String> settings) {
    Map<String, String> values = new LinkedHashMap<>();
    for (Key key : Key.values()) {
      values.put(key.key(), key.defaultValue());
    }
    List<String> errors = new ArrayList<>();
    Map<String, String> jobSettings = new LinkedHashMap<>();
    settings.forEach(
        (name, value) -> {
          if (name.startsWith(JOBS_PREFIX)) {
            jobSettings.put(name, value.trim());
          } else if (!values.containsKey(name)) {
            errors.add("Unknown key '%s' (value '%s')".formatted(name, value));
          } else {
            values.put(name, value.trim());
          }
        });
    Parser parser = new Parser(values, errors);
    Path absoluteHome = home.toAbsolutePath().normalize();
    String cache = values.get(Key.CACHE_DIR.key());
    StackConfig config =
        new StackConfig(
            absoluteHome,
            absoluteHome.resolve(values.get(Key.VAR_DIR.key())).normalize(),
            cache.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".cache", "watershed")
                : absoluteHome.resolve(cache),
            values.get(Key.HOST.key()),
            parser.port(Key.KAFKA_PORT),
            parser.port(Key.KAFKA_CONTROLLER_PORT),
            parser.port(Key.HDFS_PORT),
            parser.port(Key.HDFS_HTTP_PORT),
            parser.port(Key.HDFS_DATANODE_PORT),
            parser.port(Key.HDFS_DATANODE_HTTP_PORT),
            parser.port(Key.HDFS_DATANODE_IPC_PORT),
            parser.port(Key.CATALOG_PORT),
            parser.port(Key.FLINK_REST_PORT),
            parser.port(Key.FLINK_RPC_PORT),
            parser.integer(Key.FLINK_TASK_SLOTS, 1, 64),
            parser.memory(Key.FLINK_TASKMANAGER_MEMORY),
            parser.port(Key.TRINO_PORT),
            parser.port(Key.MONITOR_PORT),
            parser.port(Key.INTAKE_PORT),
            parser.port(Key.AGENT_PORT),
            Optional.of(values.get(Key.TRINO_JAVA_HOME.key()))
                .filter(value -> !value.isEmpty())
                .map(Path::of),
            parser.memory(Key.TRINO_HEAP),
            parser.parse(
                Key.CHECKPOINT_INTERVAL,
                value -> {
                  if (!value.matches("\\d+(ms|s|min)")) {
                    throw new IllegalArgumentException(
                        "must be a duration such as 500ms, 30s or 2min");
                  }
                  return value;
                },
                Key.CHECKPOINT_INTERVAL.defaultValue()),
            parser.integer(Key.START_TIMEOUT_SECONDS, 1, 3600),
            jobSettings);
    parser.checkDistinctPorts(config);
    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    return config;
  }

  /** Reads a properties file; a missing optional file means defaults. */
  public static Map<String, String> readProperties(Properties properties) {
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  public String kafkaBootstrap() {
    return host + ":" + kafkaPort;
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

  public String monitorUri() {
    return "http://" + host + ":" + monitorPort;
  }

  public String intakeUri() {
    return "http://" + host + ":" + intakePort;
  }

  public String trinoUri() {
    return "http://" + host + ":" + trinoPort;
  }

  /** Thrown with every problem found in one load. */
  public static final class InvalidConfigException extends IllegalArgumentException {
    private final List<String> errors;

    InvalidConfigException(List<String> errors) {
      super(render(errors));
      this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
      return errors;
    }

    private static String render(List<String> errors) {
      StringBuilder text = new StringBuilder("Cannot load stack config: ");
      text.append(errors.size()).append(errors.size() == 1 ? " error" : " errors");
      for (int i = 0; i < errors.size(); i++) {
        text.append(System.lineSeparator()).append("  ").append(i + 1).append(". ");
        text.append(errors.get(i));
      }
      return text.toString();
    }
  }

  private record Parser(Map<String, String> values, List<String> errors) {
    int port(Key key) {
      return integer(key, 1, 65535);
    }

    int integer(Key key, int min, int max) {
      return parse(
          key,
          value -> {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
              throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return parsed;
          },
          min);
    }

    String memory(Key key) {
      return parse(
          key,
          value -> {
            if (!value.matches("(?i)\\d+[kmg]b?")) {
              throw new IllegalArgumentException("must be a size such as 512m or 2G");
            }
            return value;
          },
          key.defaultValue());
    }

    <T> T parse(Key key, Function<String, T> parser, T fallback) {
      String value = values.get(key.key());
      try {
        return parser.apply(value);
      } catch (RuntimeException e) {
        String reason = e instanceof NumberFormatException ? "not an integer" : e.getMessage();
        errors.add("Invalid value '%s' for key '%s': %s".formatted(value, key.key(), reason));
        return fallback;
      }
    }

    void checkDistinctPorts(StackConfig config) {
      Map<Integer, String> seen = new LinkedHashMap<>();
      Map<String, Integer> ports = new LinkedHashMap<>();
      ports.put(Key.KAFKA_PORT.key(), config.kafkaPort());
      ports.put(Key.KAFKA_CONTROLLER_PORT.key(), config.kafkaControllerPort());
      ports.put(Key.HDFS_PORT.key(), config.hdfsPort());
      ports.put(Key.HDFS_HTTP_PORT.key(), config.hdfsHttpPort());
      ports.put(Key.HDFS_DATANODE_PORT.key(), config.hdfsDatanodePort());
      ports.put(Key.HDFS_DATANODE_HTTP_PORT.key(), config.hdfsDatanodeHttpPort());
      ports.put(Key.HDFS_DATANODE_IPC_PORT.key(), config.hdfsDatanodeIpcPort());
      ports.put(Key.CATALOG_PORT.key(), config.catalogPort());
      ports.put(Key.FLINK_REST_PORT.key(), config.flinkRestPort());
      ports.put(Key.FLINK_RPC_PORT.key(), config.flinkRpcPort());
      ports.put(Key.TRINO_PORT.key(), config.trinoPort());
      ports.put(Key.MONITOR_PORT.key(), config.monitorPort());
      ports.put(Key.INTAKE_PORT.key(), config.intakePort());
      ports.put(Key.AGENT_PORT.key(), config.agentPort());
      ports.forEach(
          (key, port) -> {
            String previous = seen.putIfAbsent(port, key);
            if (previous != null && errors.stream().noneMatch(e -> e.contains("'" + key + "'"))) {
              errors.add(
                  "Invalid value '%d' for key '%s': port already used by '%s'"
                      .formatted(port, key, previous));
            }
          });
    }
  }
}
