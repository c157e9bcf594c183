package io.watershed.collector.intake;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The HTTP intake's settings, loaded once at start-up ({@code intake.*} keys of the collector's
 * config file).
 *
 * @param appKeys app key (the {@code X-Watershed-App-Key} header) to app name
 * @param maxRequestRecords most records one request may hold
 * @param requestTimeout longest time from a request's first line to the end of its body
 * @param tickInterval time between the ticks sent to every partition of the topic (contracts
 *     Ticks); zero sends none
 */
public record IntakeConfig(
    String httpHost,
    int httpPort,
    Map<String, String> appKeys,
    String topic,
    String bootstrapServers,
    int maxBodyBytes,
    int maxRecordBytes,
    int maxRequestRecords,
    long maxInflightBytes,
    Duration sendTimeout,
    Duration retryAfter,
    Duration healthTimeout,
    Duration idleTimeout,
    Duration requestTimeout,
    int ioThreads,
    int workerThreads,
    Duration tickInterval) {

  /** Producer defaults a {@code kafka.*} entry may change. */
  public static final Map<String, Object> PRODUCER_DEFAULTS =
      Map.of(
          ProducerConfig.COMPRESSION_TYPE_CONFIG,
          "lz4",
          ProducerConfig.LINGER_MS_CONFIG,
          10,
          ProducerConfig.BATCH_SIZE_CONFIG,
          256 * 1024,
          ProducerConfig.CLIENT_ID_CONFIG,
          "watershed-intake");

  public IntakeConfig {
    requireNonNull(httpHost, "httpHost is null");
    appKeys = Map.copyOf(requireNonNull(appKeys, "appKeys is null"));
    requireNonNull(topic, "topic is null");
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(sendTimeout, "sendTimeout is null");
    requireNonNull(retryAfter, "retryAfter is null");
    requireNonNull(healthTimeout, "healthTimeout is null");
    requireNonNull(idleTimeout, "idleTimeout is null");
    requireNonNull(requestTimeout, "requestTimeout is null");
    requireNonNull(tickInterval, "tickInterval is null");
  }

  /**
   * The settings of the intake's producer: {@code acks=all} and idempotence always, the defaults of
   * {@link #PRODUCER_DEFAULTS} unless {@code overrides} (the {@code kafka.*} entries, prefix
   * removed) change them.
   */
  public Map<String, Object> producerSettings(Map<String, String> overrides) {
    Map<String, Object> settings = new LinkedHashMap<>(PRODUCER_DEFAULTS);
    settings.putAll(overrides);
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, sendTimeout.toMillis());
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return settings;
  }

  /** Every setting; app keys are not shown, only the apps they belong to. */
  @Override
  public String toString() {
    return ("IntakeConfig[httpHost=%s, httpPort=%d, apps=%s, topic=%s, bootstrapServers=%s,"
            + " maxBodyBytes=%d, maxRecordBytes=%d, maxRequestRecords=%d, maxInflightBytes=%d,"
            + " sendTimeout=%s, retryAfter=%s, healthTimeout=%s, idleTimeout=%s,"
            + " requestTimeout=%s, ioThreads=%d, workerThreads=%d, tickInterval=%s]")
        .formatted(
            httpHost,
            httpPort,
            new TreeSet<>(appKeys.values()),
            topic,
            bootstrapServers,
            maxBodyBytes,
            maxRecordBytes,
            maxRequestRecords,
            maxInflightBytes,
            sendTimeout,
            retryAfter,
            healthTimeout,
            idleTimeout,
            requestTimeout,
            ioThreads,
            workerThreads,
            tickInterval);
  }
}
