package io.watershed.collector;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.intake.IntakeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
public record CollectorConfig(IntakeConfig intake, Map<String, String> kafka) {
  /** Room the producer needs around one record: batch and record headers, our own headers. */
  static final long RECORD_OVERHEAD_BYTES = 16 * 1024;

  public CollectorConfig {
    requireNonNull(intake, "intake is null");
    kafka = Map.copyOf(requireNonNull(kafka, "kafka is null"));
  }

  /** Reads the config file; throws {@link ConfigException} listing every error. */
  public static CollectorConfig load(Path file) {
    Map<String, String> values;
    try {
      values = readFile(file);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          file.toString(), List.of("Cannot read config file %s: %s".formatted(file, e)));
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
            parsed.get(CollectorKeys.MAX_INFLIGHT_BYTES, Long.MAX_VALUE),
            parsed.get(CollectorKeys.SEND_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.RETRY_AFTER, fallbackDuration),
            parsed.get(CollectorKeys.HEALTH_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.IDLE_TIMEOUT, fallbackDuration),
            parsed.get(CollectorKeys.IO_THREADS, 1),
            parsed.get(CollectorKeys.WORKER_THREADS, 1));
    Map<String, String> kafka = parsed.withPrefix(CollectorKeys.KAFKA_PREFIX);
    parsed.checkIntake(intake);
    parsed.checkProducer(intake, kafka);
    parsed.reportUnknownKeys();
    if (!parsed.errors.isEmpty()) {
      throw new ConfigException(source, parsed.errors);
    }
    return new CollectorConfig(intake, kafka);
  }

  /** Every setting, values of secret-looking Kafka settings masked: safe to log. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    kafka.forEach((key, value) -> shown.put(key, CollectorKeys.looksSecret(key) ? "****" : value));
    return "CollectorConfig[intake=%s, kafka=%s]".formatted(intake, shown);
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
                    ConfigKey.formatSize(intake.maxBodyBytes())));
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
                    ConfigKey.formatSize(intake.maxRecordBytes()),
                    ConfigKey.formatSize(RECORD_OVERHEAD_BYTES),
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
