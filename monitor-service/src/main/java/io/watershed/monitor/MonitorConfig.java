package io.watershed.monitor;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigValues;
import io.watershed.kit.http.HttpServerSettings;
import io.watershed.monitor.internal.alerts.AlertSettings;
import io.watershed.monitor.internal.live.LiveSettings;
import io.watershed.monitor.internal.pipeline.FlinkSettings;
import io.watershed.monitor.internal.query.QuerySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The monitor service's configuration, loaded once at start-up from a properties file. Keys are
 * declared in {@link MonitorKeys}.
 */
public record MonitorConfig(
    HttpServerSettings http,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    boolean authEnabled,
    String bootstrapAdminToken,
    String bootstrapAgentToken,
    boolean seedDemo,
    QuerySettings query,
    AlertSettings alerts,
    FlinkSettings flink,
    LiveSettings live) {
  private static final String COMPONENT = "monitor";

  public MonitorConfig {
    requireNonNull(http, "http is null");
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(jdbcUser, "jdbcUser is null");
    requireNonNull(jdbcPassword, "jdbcPassword is null");
    requireNonNull(bootstrapAdminToken, "bootstrapAdminToken is null");
    requireNonNull(bootstrapAgentToken, "bootstrapAgentToken is null");
    requireNonNull(query, "query is null");
    requireNonNull(alerts, "alerts is null");
    requireNonNull(flink, "flink is null");
    requireNonNull(live, "live is null");
  }

  /** Reads a Java properties file (UTF-8); throws {@link ConfigException} listing every error. */
  public static MonitorConfig load(Path file) {
    return load(file.toString(), ConfigValues.readProperties(COMPONENT, file));
  }

  /** Builds the config from key/value pairs; throws {@link ConfigException} listing every error. */
  public static MonitorConfig load(String source, Map<String, String> values) {
    ConfigValues parsed = new ConfigValues(COMPONENT, source, values, List.of());
    MonitorConfig config =
        new MonitorConfig(
            MonitorKeys.HTTP.read(parsed),
            parsed.get(MonitorKeys.JDBC_URL, ""),
            parsed.get(MonitorKeys.JDBC_USER, ""),
            parsed.get(MonitorKeys.JDBC_PASSWORD, ""),
            parsed.get(MonitorKeys.AUTH_ENABLED, true),
            parsed.get(MonitorKeys.BOOTSTRAP_ADMIN_TOKEN, ""),
            parsed.get(MonitorKeys.BOOTSTRAP_AGENT_TOKEN, ""),
            parsed.get(MonitorKeys.SEED_DEMO, false),
            new QuerySettings(
                parsed.get(MonitorKeys.TRINO_URL, ""),
                parsed.get(MonitorKeys.TRINO_USER, ""),
                parsed.get(MonitorKeys.TRINO_ADHOC_USER, ""),
                parsed.get(MonitorKeys.TRINO_QUERY_TIMEOUT, Duration.ZERO),
                parsed.get(MonitorKeys.TRINO_POOL_SIZE, 1),
                parsed.get(MonitorKeys.TRINO_ADHOC_MAX_ROWS, 1),
                parsed.get(MonitorKeys.TRINO_ADHOC_MAX_BYTES, 0L),
                parsed.get(MonitorKeys.TRINO_ADHOC_TIMEOUT, Duration.ZERO),
                parsed.get(MonitorKeys.TRINO_WATERMARK_JOB, "")),
            new AlertSettings(
                parsed.get(MonitorKeys.ALERTS_INTERVAL, Duration.ofSeconds(1)),
                parsed.get(MonitorKeys.ALERTS_SETTLE, Duration.ZERO),
                parsed.get(MonitorKeys.ALERTS_DELIVERY_TIMEOUT, Duration.ofSeconds(1)),
                parsed.get(MonitorKeys.ALERTS_DELIVERY_ATTEMPTS, 1),
                parsed.get(MonitorKeys.ALERTS_DELIVERY_BACKOFF, Duration.ofSeconds(1))),
            new FlinkSettings(
                parsed.get(MonitorKeys.FLINK_URL, ""),
                parsed.get(MonitorKeys.FLINK_TIMEOUT, Duration.ZERO)),
            new LiveSettings(
                parsed.get(MonitorKeys.LIVE_KAFKA_BOOTSTRAP, ""),
                parsed.get(MonitorKeys.LIVE_TOPIC, ""),
                parsed.get(MonitorKeys.LIVE_MAX_KEYS, 1),
                parsed.get(MonitorKeys.LIVE_LOOKBACK, Duration.ofMinutes(1))));
    if (!config.bootstrapAdminToken().isEmpty()
        && config.bootstrapAdminToken().equals(config.bootstrapAgentToken())) {
      parsed.error(
          "Cannot use %s=****: it equals %s; an agent token must not be an admin token"
              .formatted(
                  MonitorKeys.BOOTSTRAP_AGENT_TOKEN.name(),
                  MonitorKeys.BOOTSTRAP_ADMIN_TOKEN.name()));
    }
    parsed.finish();
    return config;
  }

  /** Every key with its effective value, secrets masked: safe to log. */
  @Override
  public String toString() {
    return "MonitorConfig[%s,".formatted(http)
        + " jdbcUrl=%s, jdbcUser=%s, jdbcPassword=%s, authEnabled=%s,"
            .formatted(jdbcUrl, jdbcUser, mask(jdbcPassword), authEnabled)
        + " bootstrapAdminToken=%s, bootstrapAgentToken=%s, seedDemo=%s, %s, %s, %s, %s]"
            .formatted(
                mask(bootstrapAdminToken),
                mask(bootstrapAgentToken),
                seedDemo,
                query,
                alerts,
                flink,
                live);
  }

  private static String mask(String secret) {
    return secret.isEmpty() ? "" : "****";
  }
}
