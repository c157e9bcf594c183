package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.http.HttpLimits;
import io.watershed.kit.http.HttpServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogConfigTest {
  @TempDir Path directory;

  @Test
  void defaults() {
    CatalogConfig config = CatalogConfig.load("test", Map.of());

    assertThat(config)
        .isEqualTo(
            new CatalogConfig(
                new HttpServerSettings(
                    "127.0.0.1",
                    8181,
                    new HttpLimits(
                        8,
                        256,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        1024,
                        16L * 1024 * 1024,
                        16384)),
                "lake",
                "hdfs://127.0.0.1:9000/watershed/warehouse",
                "jdbc:h2:file:./var/catalog/catalog;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
                "",
                "",
                List.of(),
                true,
                CatalogConfig.load("test", Map.of()).upkeep(),
                Map.of(),
                Map.of()));
  }

  @Test
  void explicitValues() {
    Map<String, String> values =
        Map.ofEntries(
            Map.entry("catalog.http-host", "0.0.0.0"),
            Map.entry("catalog.http-port", "9191"),
            Map.entry("catalog.threads", "16"),
            Map.entry("catalog.http-max-connections", "64"),
            Map.entry("catalog.http-header-timeout", "1500ms"),
            Map.entry("catalog.http-idle-timeout", "2m"),
            Map.entry("catalog.http-min-request-bytes-per-second", "4096"),
            Map.entry("catalog.max-request-bytes", "1_048_576"),
            Map.entry("catalog.name", "prod-lake"),
            Map.entry("catalog.warehouse", "file:///data/warehouse/"),
            Map.entry("catalog.jdbc-url", "jdbc:postgresql://db:5432/lake?currentSchema=catalog"),
            Map.entry("catalog.jdbc-user", "catalog"),
            Map.entry("catalog.jdbc-password", "s3cret"),
            Map.entry("catalog.auth-tokens", " token-aaaaaaaaaaaa1 ,token-bbbbbbbbbbbb2,, "),
            Map.entry("catalog.init-lake-tables", "FALSE"),
            Map.entry("hadoop.fs.defaultFS", "hdfs://namenode:9000"),
            Map.entry("iceberg.table-default.write.format.default", "orc"));

    CatalogConfig config = CatalogConfig.load("test", values);

    assertThat(config)
        .isEqualTo(
            new CatalogConfig(
                new HttpServerSettings(
                    "0.0.0.0",
                    9191,
                    new HttpLimits(
                        16,
                        64,
                        Duration.ofMillis(1500),
                        Duration.ofMinutes(2),
                        4096,
                        1_048_576,
                        16384)),
                "prod-lake",
                "file:///data/warehouse",
                "jdbc:postgresql://db:5432/lake?currentSchema=catalog",
                "catalog",
                "s3cret",
                List.of("token-aaaaaaaaaaaa1", "token-bbbbbbbbbbbb2"),
                false,
                config.upkeep(),
                Map.of("fs.defaultFS", "hdfs://namenode:9000"),
                Map.of("table-default.write.format.default", "orc")));
  }

  @Test
  void everyKeyIsDeclaredOnceWithItsDefault() {
    assertThat(CatalogKeys.ALL)
        .extracting(ConfigKey::name)
        .doesNotHaveDuplicates()
        .allMatch(
            name ->
                name.matches("catalog\\.[a-z]+(-[a-z]+)*")
                    || name.matches("catalog\\.upkeep\\.([a-z0-9_]+\\.)*[a-z]+(-[a-z]+)*"));
    assertThat(CatalogKeys.reference())
        .contains("| `catalog.http-port` | int | `8181` |")
        .contains("| `catalog.auth-tokens` | list<password> | `` |")
        .contains("| `catalog.http-header-timeout` | duration | `10s` |")
        .contains("`hadoop.*`")
        .contains("`iceberg.*`");
  }

  @Test
  void collectsEveryError() {
    Map<String, String> values =
        Map.of(
            "catalog.http-port", "-1",
            "catalog.threads", "many",
            "catalog.http-idle-timeout", "5 s",
            "catalog.warehouse", "relative/path",
            "catalog.jdbc-url", "jdbc:h2:file:./x",
            "catalog.auth-tokens", "short",
            "catalog.init-lake-tables", "yes",
            "catalog.nmae", "typo",
            "catalog.jdbc-pasword", "hunter2",
            "iceberg.uri", "jdbc:h2:mem:x");

    assertThatThrownBy(() -> CatalogConfig.load("test.properties", values))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use catalog.http-port=-1: must be between 0 and 65535",
                        "Cannot use catalog.threads=many: must be an integer",
                        "Cannot use catalog.http-idle-timeout=5 s: must be a whole number and a"
                            + " unit (ms, s, m, h), e.g. 500ms or 10s",
                        "Cannot use catalog.warehouse=relative/path: must be an absolute URI with a"
                            + " scheme, e.g. hdfs://namenode:9000/warehouse",
                        "Cannot use catalog.jdbc-url=jdbc:h2:file:./x: H2 URLs must set"
                            + " ;DATABASE_TO_LOWER=TRUE",
                        "Cannot use catalog.auth-tokens=****: items must be at least 16 characters"
                            + " long",
                        "Cannot use catalog.init-lake-tables=yes: must be true or false",
                        "Cannot use iceberg.uri: the service sets it from its catalog.* keys",
                        "Cannot use catalog.jdbc-pasword=****: unknown key (the `keys` subcommand"
                            + " lists them; hadoop.* and iceberg.* pass through)",
                        "Cannot use catalog.nmae=typo: unknown key (the `keys` subcommand lists"
                            + " them; hadoop.* and iceberg.* pass through)"))
        .hasMessageStartingWith("Cannot load catalog config test.properties: 10 error(s)\n  1. ")
        .hasMessageContaining("\n  10. Cannot use catalog.nmae=typo");
  }

  @Test
  void loadsPropertiesFiles() throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("catalog.properties"),
            "# comment\ncatalog.http-port = 8282\ncatalog.name=lake\\u00e9\n");

    assertThatThrownBy(() -> CatalogConfig.load(file))
        .hasMessageContaining("Cannot use catalog.name=lakeé: must be 1 to 64 letters");
    Files.writeString(file, "catalog.http-port = 8282 \n");
    assertThat(CatalogConfig.load(file).http().port()).isEqualTo(8282);
    assertThatThrownBy(() -> CatalogConfig.load(directory.resolve("missing.properties")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot read config file");
  }

  @Test
  void toStringHidesSecrets() {
    CatalogConfig config =
        CatalogConfig.load(
            "test",
            Map.of(
                "catalog.jdbc-password", "hunter2",
                "catalog.auth-tokens", "token-aaaaaaaaaaaa1"));

    assertThat(config.toString())
        .doesNotContain("hunter2")
        .doesNotContain("token-aaaaaaaaaaaa1")
        .contains("jdbcPassword=****")
        .contains("authTokens=1 token(s)");
  }
}
