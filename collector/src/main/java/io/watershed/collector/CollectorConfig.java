package io.watershed.collector;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.agent.Processing;
import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.intake.IntakeConfig;
import io.watershed.contracts.Topics;
import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
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
    Values parsed = new Values(new TreeMap<>(values));
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
            parsed.get(CollectorKeys.WORKER_THREADS, 1));
    Map<String, String> kafka = parsed.withPrefix(CollectorKeys.KAFKA_PREFIX);
    boolean intakeEnabled = parsed.get(CollectorKeys.INTAKE_ENABLED, true);
    Optional<AgentConfig> agent = parsed.agent();
    parsed.checkIntake(intake);
    parsed.checkProducer(intake, kafka);
    agent.ifPresent(settings -> parsed.checkEngine(settings, kafka));
    parsed.reportUnknownKeys();
    if (!parsed.errors.isEmpty()) {
      throw new ConfigException(COMPONENT, source, parsed.errors);
    }
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
                    || name.startsWith(CollectorKeys.SOURCE_PREFIX)) {
                  values.put(name, value);
                }
              });
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Cannot read the config document: " + e.getMessage(), e);
    }
    Values parsed = new Values(values);
    List<SourceConfig> sources = parsed.sources(maxLineBytes);
    if (!parsed.errors.isEmpty()) {
      throw new IllegalArgumentException(ConfigException.numbered(parsed.errors));
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

  /** The raw values, and the errors found while reading them. */
  private static final class Values {
    private final Map<String, String> raw;
    private final List<String> known = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    Values(Map<String, String> raw) {
      this.raw = raw;
    }

    /** The parsed value, or {@code fallback} after recording the error. */
    <T> T get(ConfigKey<T> key, T fallback) {
      known.add(key.name());
      String value = raw.getOrDefault(key.name(), key.defaultValue()).strip();
      try {
        return key.parse(value);
      } catch (IllegalArgumentException e) {
        errors.add(
            "Cannot use %s=%s: %s".formatted(key.name(), key.printable(value), e.getMessage()));
        return fallback;
      }
    }

    /** The value of a per-source key, {@code agent.sources.<name>.<field>}. */
    <T> T getSourceKey(ConfigKey<T> key, String source, String defaultValue, T fallback) {
      return getNamed(key, key.name().replace("<name>", source), defaultValue, fallback);
    }

    private <T> T getNamed(ConfigKey<T> key, String name, String defaultValue, T fallback) {
      known.add(name);
      String value = raw.getOrDefault(name, defaultValue).strip();
      try {
        return key.parse(value);
      } catch (IllegalArgumentException e) {
        errors.add("Cannot use %s=%s: %s".formatted(name, key.printable(value), e.getMessage()));
        return fallback;
      }
    }

    List<SourceConfig> sources(long maxLineBytes) {
      List<String> names = get(CollectorKeys.AGENT_SOURCES, List.of());
      List<SourceConfig> sources = new ArrayList<>();
      for (String name : names) {
        sources.add(
            new SourceConfig(
                name,
                getSourceKey(CollectorKeys.SOURCE_PATHS, name, "", List.of()),
                getSourceKey(CollectorKeys.SOURCE_TOPIC, name, Topics.raw(name), "invalid"),
                processing(name, maxLineBytes)));
      }
      raw.keySet().stream()
          .filter(key -> key.startsWith(CollectorKeys.SOURCE_PREFIX))
          .filter(key -> !known.contains(key))
          .forEach(
              key ->
                  errors.add(
                      "Cannot use %s=%s: not a key of a source named in %s=%s (paths, topic,"
                              .formatted(
                                  key,
                                  raw.get(key),
                                  CollectorKeys.AGENT_SOURCES.name(),
                                  String.join(",", names))
                          + " multiline.*, filter.*, sample.*, transforms, transforms.<t>.type,"
                          + " transforms.<t>.fields, rate-limit)"));
      known.addAll(
          raw.keySet().stream()
              .filter(key -> key.startsWith(CollectorKeys.SOURCE_PREFIX))
              .toList());
      return sources;
    }

    private Processing processing(String source, long maxLineBytes) {
      String multilineStart = getSourceKey(CollectorKeys.SOURCE_MULTILINE_START, source, "", "");
      int maxLines =
          getSourceKey(
              CollectorKeys.SOURCE_MULTILINE_MAX_LINES,
              source,
              CollectorKeys.SOURCE_MULTILINE_MAX_LINES.defaultValue(),
              2);
      long maxBytes =
          getSourceKey(
              CollectorKeys.SOURCE_MULTILINE_MAX_BYTES,
              source,
              CollectorKeys.SOURCE_MULTILINE_MAX_BYTES.defaultValue(),
              64L);
      Duration flushTimeout =
          getSourceKey(
              CollectorKeys.SOURCE_MULTILINE_FLUSH_TIMEOUT,
              source,
              CollectorKeys.SOURCE_MULTILINE_FLUSH_TIMEOUT.defaultValue(),
              Duration.ofSeconds(1));
      Optional<Processing.Multiline> multiline =
          multilineStart.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  new Processing.Multiline(
                      multilineStart, maxLines, Math.min(maxBytes, maxLineBytes), flushTimeout));
      List<String> transformNames =
          getSourceKey(CollectorKeys.SOURCE_TRANSFORMS, source, "", List.of());
      List<Processing.Transform> transforms = new ArrayList<>();
      for (String transform : transformNames) {
        transforms.add(transform(source, transform));
      }
      return new Processing(
          multiline,
          getSourceKey(CollectorKeys.SOURCE_FILTER_INCLUDE, source, "", ""),
          getSourceKey(CollectorKeys.SOURCE_FILTER_EXCLUDE, source, "", ""),
          getSourceKey(CollectorKeys.SOURCE_SAMPLE_RATE, source, "1", 1.0),
          getSourceKey(
              CollectorKeys.SOURCE_SAMPLE_SEED, source, "", java.util.OptionalLong.empty()),
          transforms,
          getSourceKey(CollectorKeys.SOURCE_RATE_LIMIT, source, "0", 0));
    }

    private Processing.Transform transform(String source, String transform) {
      String typeKey =
          CollectorKeys.TRANSFORM_TYPE
              .name()
              .replace("<name>", source)
              .replace("<transform>", transform);
      String fieldsKey =
          CollectorKeys.TRANSFORM_FIELDS
              .name()
              .replace("<name>", source)
              .replace("<transform>", transform);
      Processing.TransformType type =
          getNamed(CollectorKeys.TRANSFORM_TYPE, typeKey, transform, null);
      List<String> fields = getNamed(CollectorKeys.TRANSFORM_FIELDS, fieldsKey, "", List.of());
      String shown = String.join(",", fields);
      java.util.Map<String, String> renames = new java.util.LinkedHashMap<>();
      List<String> dropped = List.of();
      if (type == Processing.TransformType.NGINX && !fields.isEmpty()) {
        errors.add("Cannot use %s=%s: nginx takes no fields".formatted(fieldsKey, shown));
      } else if (type == Processing.TransformType.DROP_FIELDS) {
        if (fields.isEmpty()) {
          errors.add(
              "Cannot use %s=%s: drop_fields needs at least one field".formatted(fieldsKey, shown));
        }
        dropped = fields;
      } else if (type == Processing.TransformType.RENAME_FIELDS) {
        if (fields.isEmpty()) {
          errors.add(
              "Cannot use %s=%s: rename_fields needs at least one old:new pair"
                  .formatted(fieldsKey, shown));
        }
        for (String field : fields) {
          String[] pair = field.split(":", -1);
          if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
            errors.add("Cannot use %s=%s: '%s' is not old:new".formatted(fieldsKey, shown, field));
          } else if (renames.putIfAbsent(pair[0].strip(), pair[1].strip()) != null) {
            errors.add("Cannot use %s=%s: renames '%s' twice".formatted(fieldsKey, shown, pair[0]));
          }
        }
      }
      return new Processing.Transform(
          transform, type == null ? Processing.TransformType.NGINX : type, dropped, renames);
    }

    Optional<AgentConfig> agent() {
      long maxLineBytes = get(CollectorKeys.AGENT_MAX_LINE_BYTES, 1024L);
      List<SourceConfig> sources = sources(maxLineBytes);
      String id = get(CollectorKeys.AGENT_ID, "");
      AgentConfig agent =
          new AgentConfig(
              id.isBlank() ? localHostName() : id.strip(),
              get(CollectorKeys.AGENT_GROUP, "default"),
              Path.of(get(CollectorKeys.AGENT_STATE_DIR, "var/agent")),
              sources,
              get(CollectorKeys.AGENT_BOOTSTRAP_SERVERS, "invalid:1"),
              Math.toIntExact(get(CollectorKeys.AGENT_READ_BUFFER_BYTES, 65536L)),
              Math.toIntExact(maxLineBytes),
              get(CollectorKeys.AGENT_INFLIGHT_BYTES, Long.MAX_VALUE),
              get(CollectorKeys.AGENT_POLL_INTERVAL, Duration.ofSeconds(1)),
              get(CollectorKeys.AGENT_HEARTBEAT_URL, ""),
              get(CollectorKeys.AGENT_HEARTBEAT_TOKEN, ""),
              get(CollectorKeys.AGENT_HEARTBEAT_INTERVAL, Duration.ofSeconds(10)),
              get(CollectorKeys.AGENT_HTTP_HOST, "127.0.0.1"),
              get(CollectorKeys.AGENT_HTTP_PORT, -1),
              AgentConfig.KafkaEngine.of(get(CollectorKeys.AGENT_KAFKA_ENGINE, "batch")));
      if (agent.inflightBytes() < 2L * agent.maxLineBytes()) {
        errors.add(
            "Cannot use %s=%s: must be at least twice %s (%s)"
                .formatted(
                    CollectorKeys.AGENT_INFLIGHT_BYTES.name(),
                    Sizes.format(agent.inflightBytes()),
                    CollectorKeys.AGENT_MAX_LINE_BYTES.name(),
                    Sizes.format(agent.maxLineBytes())));
      }
      if (!agent.heartbeatUrl().isEmpty() && agent.heartbeatToken().isEmpty()) {
        errors.add(
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

    Map<String, String> withPrefix(String prefix) {
      Map<String, String> result = new TreeMap<>();
      raw.forEach(
          (key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
              result.put(key.substring(prefix.length()), value.strip());
            }
          });
      return result;
    }

    /** Rules between intake keys, checked only when each key alone is valid. */
    void checkIntake(IntakeConfig intake) {
      if (errors.isEmpty() && intake.maxInflightBytes() < 2L * intake.maxBodyBytes()) {
        errors.add(
            "Cannot use %s=%s: must be at least twice %s (%s), so that one gzip body of the largest size fits"
                .formatted(
                    CollectorKeys.MAX_INFLIGHT_BYTES.name(),
                    raw.getOrDefault(
                        CollectorKeys.MAX_INFLIGHT_BYTES.name(),
                        CollectorKeys.MAX_INFLIGHT_BYTES.defaultValue()),
                    CollectorKeys.MAX_BODY_BYTES.name(),
                    Sizes.format(intake.maxBodyBytes())));
      }
    }

    /** The batch engine speaks plaintext only. */
    void checkEngine(AgentConfig agent, Map<String, String> kafka) {
      String protocol = kafka.get("security.protocol");
      if (agent.kafkaEngine() == AgentConfig.KafkaEngine.BATCH
          && protocol != null
          && !protocol.strip().equalsIgnoreCase("PLAINTEXT")) {
        errors.add(
            "Cannot use %ssecurity.protocol=%s with %s=batch: the batch engine speaks PLAINTEXT"
                    .formatted(
                        CollectorKeys.KAFKA_PREFIX,
                        protocol.strip(),
                        CollectorKeys.AGENT_KAFKA_ENGINE.name())
                + "; set it to client");
      }
    }

    /** The {@code kafka.*} entries: not reserved, known to the producer, valid values. */
    void checkProducer(IntakeConfig intake, Map<String, String> kafka) {
      String prefix = CollectorKeys.KAFKA_PREFIX;
      kafka.forEach(
          (name, value) -> {
            String reason = CollectorKeys.RESERVED_PRODUCER_SETTINGS.get(name);
            if (reason != null) {
              errors.add(
                  "Cannot use %s%s=%s: %s".formatted(prefix, name, printable(name, value), reason));
            } else if (!ProducerConfig.configNames().contains(name)) {
              errors.add(
                  "Cannot use %s%s=%s: not a Kafka producer setting"
                      .formatted(prefix, name, printable(name, value)));
            }
          });
      Map<String, String> settings = new TreeMap<>();
      intake
          .producerSettings(kafka)
          .forEach((name, value) -> settings.put(name, String.valueOf(value)));
      try {
        for (ConfigValue checked : ProducerConfig.configDef().validate(settings)) {
          if (!checked.errorMessages().isEmpty() && kafka.containsKey(checked.name())) {
            errors.add(
                "Cannot use %s%s=%s: %s"
                    .formatted(
                        prefix,
                        checked.name(),
                        printable(checked.name(), kafka.get(checked.name())),
                        checked.errorMessages().get(0)));
          }
        }
      } catch (RuntimeException e) {
        errors.add("Cannot check the %s* producer settings: %s".formatted(prefix, e.getMessage()));
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
        errors.add(
            "Cannot use %s=%s: must be at least %s below the producer's max.request.size (%d)"
                .formatted(
                    CollectorKeys.MAX_RECORD_BYTES.name(),
                    Sizes.format(intake.maxRecordBytes()),
                    Sizes.format(RECORD_OVERHEAD_BYTES),
                    maxRequest));
      }
    }

    void reportUnknownKeys() {
      raw.keySet().stream()
          .filter(key -> !known.contains(key))
          .filter(key -> !isPassThrough(key))
          .forEach(
              key ->
                  errors.add(
                      "Cannot use %s=%s: unknown key (the `keys` subcommand lists them; %s*"
                              .formatted(
                                  key, printable(key, raw.get(key)), CollectorKeys.KAFKA_PREFIX)
                          + " passes through to the Kafka producer)"));
    }

    private static boolean isPassThrough(String key) {
      return key.startsWith(CollectorKeys.KAFKA_PREFIX)
          && key.length() > CollectorKeys.KAFKA_PREFIX.length();
    }

    private static String printable(String key, String value) {
      return CollectorKeys.looksSecret(key) ? "****" : value;
    }
  }
}
