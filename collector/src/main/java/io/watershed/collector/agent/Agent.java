package io.watershed.collector.agent;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.collector.agent.internal.AgentHttp;
import io.watershed.collector.agent.internal.discovery.Tailer;
import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file agent: tails the sources' files into Kafka (see {@link Tailer}) and, when a heartbeat
 * URL is set, reports its status to the monitor service and applies the sources it answers with.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BACKEND_CONFIG = "backend-config.json";

  private final AgentConfig config;
  private final String host;
  private final Tailer tailer;
  private final Thread thread;
  private final ScheduledExecutorService heartbeats;
  private final HttpClient http;
  private final Function<String, List<SourceConfig>> sourcesParser;
  private volatile AgentHttp httpServer;
  private volatile long configVersion;
  private volatile String lastHeartbeatError = "";

  private Agent(
      AgentConfig config,
      String host,
      Tailer tailer,
      Function<String, List<SourceConfig>> sourcesParser) {
    this.config = requireNonNull(config, "config is null");
    this.host = requireNonNull(host, "host is null");
    this.tailer = requireNonNull(tailer, "tailer is null");
    this.sourcesParser = requireNonNull(sourcesParser, "sourcesParser is null");
    this.thread = new Thread(tailer, "agent-tailer");
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "agent-heartbeat"));
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The producer settings: {@code kafka.*} overrides, then the fixed ones. */
  public static Map<String, Object> producerSettings(
      AgentConfig config, Map<String, String> kafka) {
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    settings.put(ProducerConfig.CLIENT_ID_CONFIG, "watershed-agent-" + config.id());
    settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
    settings.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
        Math.max(1024 * 1024, config.maxLineBytes() + 16 * 1024));
    settings.putAll(kafka);
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return settings;
  }

  /**
   * Starts the agent. {@code sourcesParser} turns a config document from the backend into sources
   * (throwing {@link IllegalArgumentException} listing its errors).
   */
  public static Agent start(
      AgentConfig config,
      Map<String, String> kafka,
      Function<String, List<SourceConfig>> sourcesParser) {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    Metrics metrics = new Metrics();
    Tailer tailer;
    try {
      Files.createDirectories(config.stateDirectory());
      tailer =
          new Tailer(config, host, producerSettings(config, kafka), metrics.component("agent"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start agent with state directory %s: %s"
              .formatted(config.stateDirectory(), e.getMessage()),
          e);
    }
    Agent agent = new Agent(config, host, tailer, sourcesParser);
    agent.loadBackendConfig();
    agent.thread.start();
    if (config.httpPort() >= 0) {
      metrics.gauge(
          "agent_inflight_bytes", "Line bytes sent, not yet acknowledged.", tailer::inflightBytes);
      metrics.gauge(
          "agent_lag_bytes", "Bytes of followed files not yet committed.", tailer::lagBytes);
      metrics.gauge("agent_files", "Files followed.", () -> tailer.fileCount());
      try {
        agent.httpServer =
            AgentHttp.start(
                config.httpHost(),
                config.httpPort(),
                metrics,
                agent.thread::isAlive,
                () ->
                    agent
                        .status()
                        .put("status", "up")
                        .put("configVersion", agent.configVersion)
                        .toString());
      } catch (RuntimeException e) {
        agent.close();
        throw e;
      }
    }
    if (!config.heartbeatUrl().isEmpty()) {
      agent.heartbeats.scheduleWithFixedDelay(
          agent::heartbeat, 0, config.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
    LOG.info("agent {} started: sources {}", config.id(), tailer.sources());
    return agent;
  }

  /** The port of /health and /metrics, -1 when not served. */
  public int httpPort() {
    AgentHttp server = httpServer;
    return server == null ? -1 : server.port();
  }

  public List<SourceConfig> sources() {
    return tailer.sources();
  }

  public long configVersion() {
    return configVersion;
  }

  public String lastHeartbeatError() {
    return lastHeartbeatError;
  }

  /**
   * The status the heartbeat reports: at most {@value AgentStatus#LIMIT_BYTES} bytes as JSON, the
   * files with the most lag first.
   */
  public ObjectNode status() {
    return AgentStatus.of(
        tailer.sources(), tailer.files(), tailer.inflightBytes(), tailer.counters().values());
  }

  void heartbeat() {
    try {
      ObjectNode body = MAPPER.createObjectNode();
      body.put("group", config.group());
      body.put("host", host);
      body.put("configVersion", configVersion);
      body.set("status", status());
      HttpRequest request =
          HttpRequest.newBuilder(
                  URI.create(config.heartbeatUrl() + "/v1/agents/" + config.id() + "/heartbeat"))
              .timeout(Duration.ofSeconds(10))
              .header("Authorization", "Bearer " + config.heartbeatToken())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body)))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException("answer " + response.statusCode() + ": " + response.body());
      }
      JsonNode answer = MAPPER.readTree(response.body());
      long version = answer.path("configVersion").asLong(configVersion);
      JsonNode document = answer.get("config");
      if (version != configVersion && document != null && document.isTextual()) {
        apply(version, document.asText(), true);
      }
      lastHeartbeatError = "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      if (!e.toString().equals(lastHeartbeatError)) {
        LOG.warn(
            "Cannot send heartbeat to {}: {}; keeping config version {}",
            config.heartbeatUrl(),
            e.toString(),
            configVersion);
      }
      lastHeartbeatError = e.toString();
    }
  }

  private void apply(long version, String document, boolean persist) {
    List<SourceConfig> sources;
    try {
      sources = sourcesParser.apply(document);
    } catch (IllegalArgumentException e) {
      LOG.error(
          "Cannot apply config version {} from the backend: {}; keeping version {}",
          version,
          e.getMessage(),
          configVersion);
      return;
    }
    tailer.sources(sources);
    configVersion = version;
    LOG.info("agent config version {} applied: sources {}", version, sources);
    if (persist) {
      saveBackendConfig(version, document);
    }
  }

  private void saveBackendConfig(long version, String document) {
    Path file = config.stateDirectory().resolve(BACKEND_CONFIG);
    Path temporary = config.stateDirectory().resolve(BACKEND_CONFIG + ".tmp");
    try {
      ObjectNode saved = MAPPER.createObjectNode().put("configVersion", version);
      saved.put("config", document);
      Files.write(temporary, MAPPER.writeValueAsBytes(saved));
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("Cannot save backend config version {} to {}: {}", version, file, e.toString());
    }
  }

  /** The last config the backend sent, kept across restarts; else the local sources stay. */
  private void loadBackendConfig() {
    Path file = config.stateDirectory().resolve(BACKEND_CONFIG);
    if (config.heartbeatUrl().isEmpty() || !Files.exists(file)) {
      return;
    }
    try {
      JsonNode saved = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      apply(saved.path("configVersion").asLong(), saved.path("config").asText(), false);
    } catch (IOException e) {
      LOG.warn("Cannot read backend config {}: {}; using the local sources", file, e.toString());
    }
  }

  /** Stops reading, waits for Kafka's acknowledgements, saves the offsets. */
  @Override
  public void close() {
    AgentHttp server = httpServer;
    if (server != null) {
      server.close();
    }
    heartbeats.shutdownNow();
    tailer.stop();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(60));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tailer.closeOutput(Duration.ofSeconds(30));
    LOG.info("agent {} stopped", config.id());
  }
}
