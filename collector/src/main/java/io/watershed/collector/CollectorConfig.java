package io.watershed.collector;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.intake.IntakeConfig;
import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigValues;
import io.watershed.kit.config.Sizes;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The collector's configuration, loaded once at start-up from one file (Java properties, or YAML
 * whose nesting spells the same dotted keys). Keys are declared in {@link CollectorKeys}.
 *
 * @param intake the HTTP intake's settings
 * @param kafka the {@code kafka.*} entries without the prefix: producer settings
 * @param intakeEnabled whether {@code run} starts the intake
 * @param agent the file agent's settings, present when it has sources or a heartbeat URL
 */
public record CollectorConfig(
    IntakeConfig intake,
    Map<String, String> kafka,
    boolean intakeEnabled,
    Optional<AgentConfig> agent) {
  private static final String COMPONENT = "collector";

  /** Room the producer needs around one record: batch and record headers, our own headers. */
  static final long RECORD_OVERHEAD_BYTES = 16 * 1024;

  public CollectorConfig {
    requireNonNull(intake, "intake is null");
    kafka = Map.copyOf(requireNonNull(kafka, "kafka is null"));
    requireNonNull(agent, "agent is null");
  }

  /** An intake-only config. */
  public CollectorConfig(IntakeConfig intake, Map<String, String> kafka) {
    this(intake, kafka, true, Optional.empty());
  }

  /** Reads the config file; throws {@link ConfigException} listing every error. */
  public static CollectorConfig load(Path file) {
    Map<String, String> values;
    try {
      values = readFile(file);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          COMPONENT, file.toString(), List.of("Cannot read config file %s: %s".formatted(file, e)));
    }
    return load(file.toString(), values);
  }

  /** Builds the config from key/value pairs; throws {@link ConfigException} listing every error. */
  public static CollectorConfig load(String source, Map<String, String> values) {
    ConfigValues parsed =
        new ConfigValues(
            COMPONENT,
            source,
            values,
            List.of(CollectorKeys.KAFKA),
            List.of(CollectorKeys.SOURCES));
    Duration fallbackDuration = Duration.ofSeconds(1);
    IntakeConfig intake =
        new IntakeConfig(
            parsed.get(CollectorKeys.HTTP_HOST, "127.0.0.1"),
            parsed.get(CollectorKeys.HTTP_PORT, 0),
            parsed.get(CollectorKeys.APP_KEYS, Map.of()),
            parsed.get(CollectorKeys.TOPIC_NAME, "invalid"),
            parsed.get(CollectorKeys.BOOTSTRAP_SERVERS, "invalid:1"),
            Math.toIntExact(parsed.get(CollectorKeys.MAX_BODY_BYTES, 1024L)),
            Math.toIntExact(parsed.get(CollectorKeys.MAX_RECORD_BYTES, 16L)),
            parsed.get(CollectorKeys.MAX_REQUEST_RECORDS, 1),
            parsed.get(CollectorKeys.MAX_INFLIGHT_BYTES, Long.MAX_VALUE),
            parsed.get(CollectorKeys.SEND_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.RETRY_AFTER, fallbackDuration),
            parsed.get(CollectorKeys.HEALTH_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.IDLE_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.REQUEST_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.IO_THREADS, 1),
            parsed.get(CollectorKeys.WORKER_THREADS, 1),
            parsed.get(CollectorKeys.TICK_INTERVAL, Duration.ZERO));
    Map<String, String> kafka = parsed.withPrefix(CollectorKeys.KAFKA);
    boolean intakeEnabled = parsed.get(CollectorKeys.INTAKE_ENABLED, true);
    Optional<AgentConfig> agent = agent(parsed);
    checkIntake(parsed, intake);
    checkProducer(parsed, intake, kafka);
    agent.ifPresent(settings -> checkEngine(parsed, settings, kafka));
    parsed.finish();
    return new CollectorConfig(intake, kafka, intakeEnabled, agent);
  }

  /**
   * The sources of a config document from the monitor service: YAML with {@code agent.sources} (or
   * a top-level {@code sources}) as in the local file; other keys are ignored. Throws {@link
   * IllegalArgumentException} listing every error.
   */
  public static List<SourceConfig> parseSources(String yaml) {
    return parseSources(yaml, Long.MAX_VALUE);
  }

  /**
   * As {@link #parseSources(String)}, joined records capped at {@code maxLineBytes} (the agent's
   * {@code agent.max-line-bytes}).
   */
  public static List<SourceConfig> parseSources(String yaml, long maxLineBytes) {
    Map<String, String> values = new TreeMap<>();
    try {
      YamlConfig.flatten(yaml)
          .forEach(
              (key, value) -> {
                String name = key.startsWith("sources") ? "agent." + key : key;
                if (name.equals(CollectorKeys.AGENT_SOURCES.name())
                    || CollectorKeys.SOURCES.matches(name)) {
                  values.put(name, value);
                }
              });
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot read the config document: " + e.getMessage(), e);
    }
    ConfigValues parsed =
        new ConfigValues(
            COMPONENT, "config document", values, List.of(), List.of(CollectorKeys.SOURCES));
    List<SourceConfig> sources = AgentSources.read(parsed, maxLineBytes);
    try {
      parsed.finish();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(ConfigException.numbered(e.errors()), e);
    }
    return sources;
  }

  /**
   * Settings that are valid but have no effect, one sentence each: {@code validate} prints them,
   * {@code run} logs them.
   */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (intakeEnabled && intake.appKeys().isEmpty()) {
      warnings.add(
          "%s is empty: every post to the intake will be refused with 401"
              .formatted(CollectorKeys.APP_KEYS.name()));
    }
    if (agent.isEmpty() || agent.get().kafkaEngine() != AgentConfig.KafkaEngine.BATCH) {
      return warnings;
    }
    String engineKey = CollectorKeys.AGENT_KAFKA_ENGINE.name();
    for (String name : new TreeMap<>(kafka).keySet()) {
      if (!AgentConfig.BATCH_ENGINE_SETTINGS.contains(name)) {
        warnings.add(
            "%s%s has no effect on the file agent: %s=batch does not use it%s"
                .formatted(
                    CollectorKeys.KAFKA_PREFIX,
                    name,
                    engineKey,
                    intakeEnabled
                        ? " (the intake does)"
                        : "; set %s=client to use it".formatted(engineKey)));
      }
    }
    return warnings;
  }

  /** Every setting, values of secret-looking Kafka settings masked: safe to log. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    kafka.forEach((key, value) -> shown.put(key, CollectorKeys.looksSecret(key) ? "****" : value));
    return "CollectorConfig[intake=%s, kafka=%s, intakeEnabled=%s, agent=%s]"
        .formatted(intake, shown, intakeEnabled, agent.map(AgentConfig::toString).orElse("none"));
  }

  private static Map<String, String> readFile(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YamlConfig.flatten(Files.readString(file, StandardCharsets.UTF_8));
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    return values;
  }

  private static Optional<AgentConfig> agent(ConfigValues values) {
    long maxLineBytes = values.get(CollectorKeys.AGENT_MAX_LINE_BYTES, 1024L);
    List<SourceConfig> sources = AgentSources.read(values, maxLineBytes);
    String id = values.get(CollectorKeys.AGENT_ID, "");
    AgentConfig agent =
        new AgentConfig(
            id.isBlank() ? localHostName() : id.strip(),
            values.get(CollectorKeys.AGENT_GROUP, "default"),
            Path.of(values.get(CollectorKeys.AGENT_STATE_DIR, "var/agent")),
            sources,
            values.get(CollectorKeys.AGENT_BOOTSTRAP_SERVERS, "invalid:1"),
            Math.toIntExact(values.get(CollectorKeys.AGENT_READ_BUFFER_BYTES, 65536L)),
            Math.toIntExact(maxLineBytes),
            values.get(CollectorKeys.AGENT_INFLIGHT_BYTES, Long.MAX_VALUE),
            values.get(CollectorKeys.AGENT_POLL_INTERVAL, Duration.ofSeconds(1)),
            values.get(CollectorKeys.AGENT_HEARTBEAT_URL, ""),
            values.get(CollectorKeys.AGENT_HEARTBEAT_TOKEN, ""),
            values.get(CollectorKeys.AGENT_HEARTBEAT_INTERVAL, Duration.ofSeconds(10)),
            values.get(CollectorKeys.AGENT_HTTP_HOST, "127.0.0.1"),
            values.get(CollectorKeys.AGENT_HTTP_PORT, -1),
            AgentConfig.KafkaEngine.of(values.get(CollectorKeys.AGENT_KAFKA_ENGINE, "batch")));
    if (agent.inflightBytes() < 2L * agent.maxLineBytes()) {
      values.error(
          "Cannot use %s=%s: must be at least twice %s (%s)"
              .formatted(
                  CollectorKeys.AGENT_INFLIGHT_BYTES.name(),
                  Sizes.format(agent.inflightBytes()),
                  CollectorKeys.AGENT_MAX_LINE_BYTES.name(),
                  Sizes.format(agent.maxLineBytes())));
    }
    if (!agent.heartbeatUrl().isEmpty() && agent.heartbeatToken().isEmpty()) {
      values.error(
          "Cannot use %s=%s: %s is empty, the monitor service refuses heartbeats without a token"
              .formatted(
                  CollectorKeys.AGENT_HEARTBEAT_URL.name(),
                  agent.heartbeatUrl(),
                  CollectorKeys.AGENT_HEARTBEAT_TOKEN.name()));
    }
    if (sources.isEmpty() && agent.heartbeatUrl().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(agent);
  }

  private static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  /** Rules between intake keys, checked only when each key alone is valid. */
  private static void checkIntake(ConfigValues values, IntakeConfig intake) {
    if (values.errors().isEmpty() && intake.maxInflightBytes() < 2L * intake.maxBodyBytes()) {
      values.error(
          "Cannot use %s=%s: must be at least twice %s (%s), so that one gzip body of the largest size fits"
              .formatted(
                  CollectorKeys.MAX_INFLIGHT_BYTES.name(),
                  values.raw(CollectorKeys.MAX_INFLIGHT_BYTES),
                  CollectorKeys.MAX_BODY_BYTES.name(),
                  Sizes.format(intake.maxBodyBytes())));
    }
  }

  /** The batch engine speaks plaintext only. */
  private static void checkEngine(
      ConfigValues values, AgentConfig agent, Map<String, String> kafka) {
    String protocol = kafka.get("security.protocol");
    if (agent.kafkaEngine() == AgentConfig.KafkaEngine.BATCH
        && protocol != null
        && !protocol.strip().equalsIgnoreCase("PLAINTEXT")) {
      values.error(
          "Cannot use %ssecurity.protocol=%s with %s=batch: the batch engine speaks PLAINTEXT"
                  .formatted(
                      CollectorKeys.KAFKA_PREFIX,
                      protocol.strip(),
                      CollectorKeys.AGENT_KAFKA_ENGINE.name())
              + "; set it to client");
    }
  }

  /** The {@code kafka.*} entries: not reserved, known to the producer, valid values. */
  private static void checkProducer(
      ConfigValues values, IntakeConfig intake, Map<String, String> kafka) {
    String prefix = CollectorKeys.KAFKA_PREFIX;
    kafka.forEach(
        (name, value) -> {
          String reason = CollectorKeys.RESERVED_PRODUCER_SETTINGS.get(name);
          if (reason != null) {
            values.error(
                "Cannot use %s%s=%s: %s"
                    .formatted(prefix, name, ConfigValues.printable(name, value), reason));
          } else if (!ProducerConfig.configNames().contains(name)) {
            values.error(
                "Cannot use %s%s=%s: not a Kafka producer setting"
                    .formatted(prefix, name, ConfigValues.printable(name, value)));
          }
        });
    Map<String, String> settings = new TreeMap<>();
    intake
        .producerSettings(kafka)
        .forEach((name, value) -> settings.put(name, String.valueOf(value)));
    try {
      for (ConfigValue checked : ProducerConfig.configDef().validate(settings)) {
        if (!checked.errorMessages().isEmpty() && kafka.containsKey(checked.name())) {
          values.error(
              "Cannot use %s%s=%s: %s"
                  .formatted(
                      prefix,
                      checked.name(),
                      ConfigValues.printable(checked.name(), kafka.get(checked.name())),
                      checked.errorMessages().get(0)));
        }
      }
    } catch (RuntimeException e) {
      values.error("Cannot check the %s* producer settings: %s".formatted(prefix, e.getMessage()));
    }
    String maxRequestSize = kafka.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    long maxRequest = 1024 * 1024;
    try {
      if (maxRequestSize != null) {
        maxRequest = Long.parseLong(maxRequestSize.strip());
      }
    } catch (NumberFormatException e) {
      return; // reported by the producer's own validation above
    }
    if (intake.maxRecordBytes() + RECORD_OVERHEAD_BYTES > maxRequest) {
      values.error(
          "Cannot use %s=%s: must be at least %s below the producer's max.request.size (%d)"
              .formatted(
                  CollectorKeys.MAX_RECORD_BYTES.name(),
                  Sizes.format(intake.maxRecordBytes()),
                  Sizes.format(RECORD_OVERHEAD_BYTES),
                  maxRequest));
    }
  }
}
