package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import io.watershed.catalog.upkeep.UpkeepKeys;
import io.watershed.catalog.upkeep.UpkeepSettings;
import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigValues;
import io.watershed.kit.http.HttpServerSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The catalog service's configuration, loaded once at start-up from a properties file. Keys are
 * declared in {@link CatalogKeys}.
 */
public record CatalogConfig(
    HttpServerSettings http,
    String name,
    String warehouse,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    List<String> authTokens,
    boolean initLakeTables,
    UpkeepSettings upkeep,
    Map<String, String> hadoopProperties,
    Map<String, String> icebergProperties) {
  private static final String COMPONENT = "catalog";

  public CatalogConfig {
    requireNonNull(http, "http is null");
    requireNonNull(name, "name is null");
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(jdbcUrl, "jdbcUrl is null");
    requireNonNull(jdbcUser, "jdbcUser is null");
    requireNonNull(jdbcPassword, "jdbcPassword is null");
    requireNonNull(upkeep, "upkeep is null");
    authTokens = List.copyOf(requireNonNull(authTokens, "authTokens is null"));
    hadoopProperties = Map.copyOf(requireNonNull(hadoopProperties, "hadoopProperties is null"));
    icebergProperties = Map.copyOf(requireNonNull(icebergProperties, "icebergProperties is null"));
  }

  /** Reads a Java properties file (UTF-8); throws {@link ConfigException} listing every error. */
  public static CatalogConfig load(Path file) {
    return load(file.toString(), ConfigValues.readProperties(COMPONENT, file));
  }

  /** Builds the config from key/value pairs; throws {@link ConfigException} listing every error. */
  public static CatalogConfig load(String source, Map<String, String> values) {
    ConfigValues parsed = new ConfigValues(COMPONENT, source, values, CatalogKeys.PASS_THROUGHS);
    CatalogConfig config =
        new CatalogConfig(
            CatalogKeys.HTTP.read(parsed),
            parsed.get(CatalogKeys.NAME, ""),
            parsed.get(CatalogKeys.WAREHOUSE, ""),
            parsed.get(CatalogKeys.JDBC_URL, ""),
            parsed.get(CatalogKeys.JDBC_USER, ""),
            parsed.get(CatalogKeys.JDBC_PASSWORD, ""),
            parsed.get(CatalogKeys.AUTH_TOKENS, List.of()),
            parsed.get(CatalogKeys.INIT_LAKE_TABLES, false),
            UpkeepKeys.read(parsed),
            parsed.withPrefix(CatalogKeys.HADOOP),
            icebergProperties(parsed));
    parsed.finish();
    return config;
  }

  private static Map<String, String> icebergProperties(ConfigValues parsed) {
    Map<String, String> result = parsed.withPrefix(CatalogKeys.ICEBERG);
    for (String reserved : new TreeSet<>(CatalogKeys.RESERVED_ICEBERG_PROPERTIES)) {
      if (result.containsKey(reserved)) {
        parsed.error(
            "Cannot use %s%s: the service sets it from its catalog.* keys"
                .formatted(CatalogKeys.ICEBERG_PREFIX, reserved));
      }
    }
    return result;
  }

  /** Every key with its effective value, secrets masked: safe to log. */
  @Override
  public String toString() {
    return "CatalogConfig[%s, name=%s,".formatted(http, name)
        + " warehouse=%s, jdbcUrl=%s, jdbcUser=%s, jdbcPassword=%s, authTokens=%d token(s),"
            .formatted(
                warehouse,
                jdbcUrl,
                jdbcUser,
                jdbcPassword.isEmpty() ? "" : "****",
                authTokens.size())
        + " initLakeTables=%s, upkeep=%s, hadoopProperties=%s, icebergProperties=%s]"
            .formatted(initLakeTables, upkeep, hadoopProperties, icebergProperties);
  }
}
