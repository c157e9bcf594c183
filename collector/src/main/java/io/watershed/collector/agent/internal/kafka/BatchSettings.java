package io.watershed.collector.agent.internal.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.CompressionType;

/** The producer settings the batch engine honours, from Kafka's own producer config. */
record BatchSettings(
    List<String> bootstrapServers,
    String clientId,
    long lingerMs,
    int batchBytes,
    Compression compression,
    int requestTimeoutMs,
    int maxInFlight,
    long retryBackoffMs,
    long retryBackoffMaxMs,
    int maxRequestBytes,
    long metadataMaxAgeMs,
    long maxBlockMs) {
  /** Batches in flight per partition, at most: the broker's window for duplicates. */
  static final int MAX_IN_FLIGHT_PER_PARTITION = 5;

  static BatchSettings of(Map<String, Object> producerSettings) {
    ProducerConfig config = new ProducerConfig(producerSettings);
    String protocol = config.getString("security.protocol");
    if (!"PLAINTEXT".equalsIgnoreCase(protocol)) {
      throw new IllegalArgumentException(
          "The batch engine speaks PLAINTEXT only, not security.protocol="
              + protocol
              + "; use agent.kafka-engine=client");
    }
    return new BatchSettings(
        config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
        config.getString(ProducerConfig.CLIENT_ID_CONFIG),
        config.getLong(ProducerConfig.LINGER_MS_CONFIG),
        config.getInt(ProducerConfig.BATCH_SIZE_CONFIG),
        compression(config),
        config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
        Math.min(
            MAX_IN_FLIGHT_PER_PARTITION,
            config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)),
        config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
        config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
        config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        config.getLong(ProducerConfig.METADATA_MAX_AGE_CONFIG),
        config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG));
  }

  /** The back-off after {@code failures} failures: retry.backoff.ms doubled, up to its maximum. */
  long backoffNanos(int failures) {
    long millis = retryBackoffMs << Math.min(10, Math.max(0, failures - 1));
    return TimeUnit.MILLISECONDS.toNanos(Math.min(retryBackoffMaxMs, millis));
  }

  /** The codec with its {@code compression.<codec>.level}, as Kafka's producer builds it. */
  private static Compression compression(ProducerConfig config) {
    CompressionType type =
        CompressionType.forName(config.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG));
    return switch (type) {
      case GZIP ->
          Compression.gzip()
              .level(config.getInt(ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG))
              .build();
      case LZ4 ->
          Compression.lz4()
              .level(config.getInt(ProducerConfig.COMPRESSION_LZ4_LEVEL_CONFIG))
              .build();
      case ZSTD ->
          Compression.zstd()
              .level(config.getInt(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG))
              .build();
      default -> Compression.of(type).build();
    };
  }
}
