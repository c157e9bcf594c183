package io.watershed.collector.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The file agent's settings (keys {@code agent.*}).
 *
 * @param id the agent id, sent in the {@code agent} header and the heartbeat path
 * @param group the config group at the monitor service
 * @param stateDirectory where offsets and the last backend config are kept
 * @param sources the local sources (the bootstrap config; the backend may replace them)
 * @param bootstrapServers Kafka brokers
 * @param readBufferBytes bytes read from a file at once
 * @param maxLineBytes longest record; longer lines are split
 * @param inflightBytes line bytes sent and not yet acknowledged, at most
 * @param pollInterval pause between scans when nothing was new
 * @param heartbeatUrl monitor service base URL, empty for none
 * @param heartbeatToken agent token
 * @param heartbeatInterval time between heartbeats
 * @param httpHost address of the agent's /health and /metrics
 * @param httpPort their port, 0 for a free one, -1 for none
 * @param kafkaEngine how records go to Kafka
 */
public record AgentConfig(
    String id,
    String group,
    Path stateDirectory,
    List<SourceConfig> sources,
    String bootstrapServers,
    int readBufferBytes,
    int maxLineBytes,
    long inflightBytes,
    Duration pollInterval,
    String heartbeatUrl,
    String heartbeatToken,
    Duration heartbeatInterval,
    String httpHost,
    int httpPort,
    KafkaEngine kafkaEngine) {
  /** How the agent produces to Kafka (key {@code agent.kafka-engine}). */
  public enum KafkaEngine {
    /** The agent's own idempotent producer, which builds the record batches itself. */
    BATCH,
    /** Kafka's {@code KafkaProducer}. */
    CLIENT;

    public static KafkaEngine of(String name) {
      return valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /**
   * The producer settings the {@link KafkaEngine#BATCH batch} engine reads; it has no use for any
   * other (e.g. {@code buffer.memory}: {@code agent.inflight-bytes} bounds its memory).
   */
  public static final java.util.Set<String> BATCH_ENGINE_SETTINGS =
      java.util.Set.of(
          "bootstrap.servers",
          "client.id",
          "linger.ms",
          "batch.size",
          "compression.type",
          "compression.gzip.level",
          "compression.lz4.level",
          "compression.zstd.level",
          "request.timeout.ms",
          "max.in.flight.requests.per.connection",
          "retry.backoff.ms",
          "retry.backoff.max.ms",
          "max.request.size",
          "metadata.max.age.ms",
          "max.block.ms",
          "security.protocol",
          "acks",
          "enable.idempotence",
          "key.serializer",
          "value.serializer");

  public AgentConfig {
    requireNonNull(id, "id is null");
    requireNonNull(group, "group is null");
    requireNonNull(stateDirectory, "stateDirectory is null");
    sources = List.copyOf(requireNonNull(sources, "sources is null"));
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(pollInterval, "pollInterval is null");
    requireNonNull(heartbeatUrl, "heartbeatUrl is null");
    requireNonNull(heartbeatToken, "heartbeatToken is null");
    requireNonNull(heartbeatInterval, "heartbeatInterval is null");
    requireNonNull(httpHost, "httpHost is null");
    requireNonNull(kafkaEngine, "kafkaEngine is null");
  }

  /** The settings with the default engine, {@link KafkaEngine#BATCH}. */
  public AgentConfig(
      String id,
      String group,
      Path stateDirectory,
      List<SourceConfig> sources,
      String bootstrapServers,
      int readBufferBytes,
      int maxLineBytes,
      long inflightBytes,
      Duration pollInterval,
      String heartbeatUrl,
      String heartbeatToken,
      Duration heartbeatInterval,
      String httpHost,
      int httpPort) {
    this(
        id,
        group,
        stateDirectory,
        sources,
        bootstrapServers,
        readBufferBytes,
        maxLineBytes,
        inflightBytes,
        pollInterval,
        heartbeatUrl,
        heartbeatToken,
        heartbeatInterval,
        httpHost,
        httpPort,
        KafkaEngine.BATCH);
  }

  /** The same settings with another engine. */
  public AgentConfig withKafkaEngine(KafkaEngine engine) {
    return new AgentConfig(
        id,
        group,
        stateDirectory,
        sources,
        bootstrapServers,
        readBufferBytes,
        maxLineBytes,
        inflightBytes,
        pollInterval,
        heartbeatUrl,
        heartbeatToken,
        heartbeatInterval,
        httpHost,
        httpPort,
        engine);
  }

  /** The same settings with other sources. */
  public AgentConfig withSources(List<SourceConfig> newSources) {
    return new AgentConfig(
        id,
        group,
        stateDirectory,
        newSources,
        bootstrapServers,
        readBufferBytes,
        maxLineBytes,
        inflightBytes,
        pollInterval,
        heartbeatUrl,
        heartbeatToken,
        heartbeatInterval,
        httpHost,
        httpPort,
        kafkaEngine);
  }

  /** Every setting, the token masked. */
  @Override
  public String toString() {
    return ("AgentConfig[id=%s, group=%s, stateDirectory=%s, sources=%s, bootstrapServers=%s,"
            + " readBufferBytes=%d, maxLineBytes=%d, inflightBytes=%d, pollInterval=%s,"
            + " heartbeatUrl=%s, heartbeatToken=%s, heartbeatInterval=%s, httpHost=%s,"
            + " httpPort=%d, kafkaEngine=%s]")
        .formatted(
            id,
            group,
            stateDirectory,
            sources,
            bootstrapServers,
            readBufferBytes,
            maxLineBytes,
            inflightBytes,
            pollInterval,
            heartbeatUrl,
            heartbeatToken.isEmpty() ? "" : "****",
            heartbeatInterval,
            httpHost,
            httpPort,
            kafkaEngine);
  }
}
