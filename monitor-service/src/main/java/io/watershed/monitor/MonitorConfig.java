package io.watershed.monitor;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigValues;
import io.watershed.kit.http.HttpLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The monitor service's configuration, loaded once at start-up from a properties file. Keys are
 * declared in {@link MonitorKeys}.
 */
public record MonitorConfig(
    String httpHost,
    int httpPort,
    int threads,
    int httpMaxConnections,
    Duration httpHeaderTimeout,
    Duration httpIdleTimeout,
    long httpMinRequestBytesPerSecond,
    long maxRequestBytes,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    boolean authEnabled,
    String bootstrapAdminToken,
    String bootstrapAgentToken,
    boolean seedDemo) {
  private static final String COMPONENT = "monitor";

  public MonitorConfig {
    requireNonNull(httpHost, "httpHost is null");
    requireNonNull(httpHeaderTimeout, "httpHeaderTimeout is null");
    requireNonNull(httpIdleTimeout, "httpIdleTimeout is null");
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(jdbcUser, "jdbcUser is null");
    requireNonNull(jdbcPassword, "jdbcPassword is null");
    requireNonNull(bootstrapAdminToken, "bootstrapAdminToken is null");
    requireNonNull(bootstrapAgentToken, "bootstrapAgentToken is null");
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
            parsed.get(MonitorKeys.HTTP_HOST, "127.0.0.1"),
            parsed.get(MonitorKeys.HTTP_PORT, 0),
            parsed.get(MonitorKeys.THREADS, 1),
            parsed.get(MonitorKeys.HTTP_MAX_CONNECTIONS, 1),
            parsed.get(MonitorKeys.HTTP_HEADER_TIMEOUT, HttpLimits.DEFAULT_HEADER_TIMEOUT),
            parsed.get(MonitorKeys.HTTP_IDLE_TIMEOUT, HttpLimits.DEFAULT_IDLE_TIMEOUT),
            parsed.get(MonitorKeys.HTTP_MIN_REQUEST_RATE, 1L),
            parsed.get(MonitorKeys.MAX_REQUEST_BYTES, 0L),
            parsed.get(MonitorKeys.JDBC_URL, ""),
            parsed.get(MonitorKeys.JDBC_USER, ""),
            parsed.get(MonitorKeys.JDBC_PASSWORD, ""),
            parsed.get(MonitorKeys.AUTH_ENABLED, true),
            parsed.get(MonitorKeys.BOOTSTRAP_ADMIN_TOKEN, ""),
            parsed.get(MonitorKeys.BOOTSTRAP_AGENT_TOKEN, ""),
            parsed.get(MonitorKeys.SEED_DEMO, false));
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

  /** The limits of the HTTP server. */
  public HttpLimits httpLimits() {
    return new HttpLimits(
        threads,
        httpMaxConnections,
        httpHeaderTimeout,
        httpIdleTimeout,
        httpMinRequestBytesPerSecond,
        maxRequestBytes,
        HttpLimits.DEFAULT_MAX_HEADER_BYTES);
  }

  /** Every key with its effective value, secrets masked: safe to log. */
  @Override
  public String toString() {
    return "MonitorConfig[httpHost=%s, httpPort=%d, threads=%d, httpMaxConnections=%d,"
            .formatted(httpHost, httpPort, threads, httpMaxConnections)
        + " httpHeaderTimeout=%s, httpIdleTimeout=%s, httpMinRequestBytesPerSecond=%d,"
            .formatted(httpHeaderTimeout, httpIdleTimeout, httpMinRequestBytesPerSecond)
        + " maxRequestBytes=%d,".formatted(maxRequestBytes)
        + " jdbcUrl=%s, jdbcUser=%s, jdbcPassword=%s, authEnabled=%s,"
            .formatted(jdbcUrl, jdbcUser, mask(jdbcPassword), authEnabled)
        + " bootstrapAdminToken=%s, bootstrapAgentToken=%s, seedDemo=%s]"
            .formatted(mask(bootstrapAdminToken), mask(bootstrapAgentToken), seedDemo);
  }

  private static String mask(String secret) {
    return secret.isEmpty() ? "" : "****";
  }
}
