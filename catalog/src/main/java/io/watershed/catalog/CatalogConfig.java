package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.HttpLimits;
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
import java.util.regex.Pattern;

/**
 * The catalog service's configuration, loaded once at start-up from a properties file. Keys are
 * declared in {@link CatalogKeys}.
 */
public record CatalogConfig(
    String httpHost,
    int httpPort,
    int threads,
    int httpMaxConnections,
    Duration httpHeaderTimeout,
    Duration httpIdleTimeout,
    long httpMinRequestBytesPerSecond,
    long maxRequestBytes,
    String name,
    String warehouse,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    List<String> authTokens,
    boolean initLakeTables,
    Map<String, String> hadoopProperties,
    Map<String, String> icebergProperties) {

  public CatalogConfig {
    requireNonNull(httpHost, "httpHost is null");
    requireNonNull(httpHeaderTimeout, "httpHeaderTimeout is null");
    requireNonNull(httpIdleTimeout, "httpIdleTimeout is null");
    requireNonNull(name, "name is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(jdbcUser, "jdbcUser is null");
    requireNonNull(jdbcPassword, "jdbcPassword is null");
    authTokens = List.copyOf(requireNonNull(authTokens, "authTokens is null"));
    hadoopProperties = Map.copyOf(requireNonNull(hadoopProperties, "hadoopProperties is null"));
    icebergProperties = Map.copyOf(requireNonNull(icebergProperties, "icebergProperties is null"));
  }

  /** Reads a Java properties file (UTF-8); throws {@link ConfigException} listing every error. */
  public static CatalogConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          file.toString(), List.of("Cannot read config file %s: %s".formatted(file, e)));
    }
    Map<String, String> values = new TreeMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    return load(file.toString(), values);
  }

  /** Builds the config from key/value pairs; throws {@link ConfigException} listing every error. */
  public static CatalogConfig load(String source, Map<String, String> values) {
    Values parsed = new Values(new TreeMap<>(values));
    CatalogConfig config =
        new CatalogConfig(
            parsed.get(CatalogKeys.HTTP_HOST, "127.0.0.1"),
            parsed.get(CatalogKeys.HTTP_PORT, 0),
            parsed.get(CatalogKeys.THREADS, 1),
            parsed.get(CatalogKeys.HTTP_MAX_CONNECTIONS, 1),
            parsed.get(CatalogKeys.HTTP_HEADER_TIMEOUT, HttpLimits.DEFAULT_HEADER_TIMEOUT),
            parsed.get(CatalogKeys.HTTP_IDLE_TIMEOUT, HttpLimits.DEFAULT_IDLE_TIMEOUT),
            parsed.get(CatalogKeys.HTTP_MIN_REQUEST_RATE, 1L),
            parsed.get(CatalogKeys.MAX_REQUEST_BYTES, 0L),
            parsed.get(CatalogKeys.NAME, ""),
            parsed.get(CatalogKeys.WAREHOUSE, ""),
            parsed.get(CatalogKeys.JDBC_URL, ""),
            parsed.get(CatalogKeys.JDBC_USER, ""),
            parsed.get(CatalogKeys.JDBC_PASSWORD, ""),
            parsed.get(CatalogKeys.AUTH_TOKENS, List.of()),
            parsed.get(CatalogKeys.INIT_LAKE_TABLES, false),
            parsed.withPrefix(CatalogKeys.HADOOP_PREFIX),
            parsed.icebergProperties());
    parsed.reportUnknownKeys();
    if (!parsed.errors.isEmpty()) {
      throw new ConfigException(source, parsed.errors);
    }
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
    return "CatalogConfig[httpHost=%s, httpPort=%d, threads=%d, httpMaxConnections=%d,"
            .formatted(httpHost, httpPort, threads, httpMaxConnections)
        + " httpHeaderTimeout=%s, httpIdleTimeout=%s, httpMinRequestBytesPerSecond=%d,"
            .formatted(httpHeaderTimeout, httpIdleTimeout, httpMinRequestBytesPerSecond)
        + " maxRequestBytes=%d, name=%s,".formatted(maxRequestBytes, name)
        + " warehouse=%s, jdbcUrl=%s, jdbcUser=%s, jdbcPassword=%s, authTokens=%d token(s),"
            .formatted(
                warehouse,
                jdbcUrl,
                jdbcUser,
                jdbcPassword.isEmpty() ? "" : "****",
                authTokens.size())
        + " initLakeTables=%s, hadoopProperties=%s, icebergProperties=%s]"
            .formatted(initLakeTables, hadoopProperties, icebergProperties);
  }

  /** The raw values, and the errors found while reading them. */
  private static final class Values {
    private static final Pattern SECRET_LOOKING =
        Pattern.compile("(?i)pa?s+w|pwd|secret|token|credential");
    private static final String HADOOP = CatalogKeys.HADOOP_PREFIX;
    private static final String ICEBERG = CatalogKeys.ICEBERG_PREFIX;

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

    Map<String, String> icebergProperties() {
      Map<String, String> result = withPrefix(CatalogKeys.ICEBERG_PREFIX);
      for (String reserved : CatalogKeys.RESERVED_ICEBERG_PROPERTIES) {
        if (result.containsKey(reserved)) {
          errors.add(
              "Cannot use %s%s: the service sets it from its catalog.* keys"
                  .formatted(CatalogKeys.ICEBERG_PREFIX, reserved));
        }
      }
      return result;
    }

    void reportUnknownKeys() {
      raw.keySet().stream()
          .filter(key -> !known.contains(key))
          .filter(key -> !isPassThrough(key, CatalogKeys.HADOOP_PREFIX))
          .filter(key -> !isPassThrough(key, CatalogKeys.ICEBERG_PREFIX))
          .forEach(
              key ->
                  errors.add(
                      "Cannot use %s=%s: unknown key (the `keys` subcommand lists them; %s* and %s*"
                              .formatted(key, printable(key, raw.get(key)), HADOOP, ICEBERG)
                          + " pass through)"));
    }

    /** Values of unknown keys are printed unless the key looks like it holds a secret. */
    private static String printable(String key, String value) {
      return SECRET_LOOKING.matcher(key).find() ? "****" : value;
    }

    private static boolean isPassThrough(String key, String prefix) {
      return key.startsWith(prefix) && key.length() > prefix.length();
    }
  }
}
