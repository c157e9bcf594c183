package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.http.HttpLimits;
import io.watershed.kit.http.HttpServerSettings;
import io.watershed.monitor.internal.alerts.AlertSettings;
import io.watershed.monitor.internal.live.LiveSettings;
import io.watershed.monitor.internal.pipeline.FlinkSettings;
import io.watershed.monitor.internal.query.QuerySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins every default and every key mapping of {@link MonitorConfig}. */
class MonitorConfigTest {
  private static final String ADMIN = "admin-token-0123456789";
  private static final String AGENT = "agent-token-0123456789";

  @Test
  void defaults() {
    assertThat(MonitorConfig.load("test", Map.of()))
        .isEqualTo(
            new MonitorConfig(
                new HttpServerSettings(
                    "127.0.0.1",
                    8070,
                    new HttpLimits(
                        8,
                        256,
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        1024,
                        2L * 1024 * 1024,
                        16384)),
                "jdbc:h2:file:./var/monitor/monitor;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
                "",
                "",
                true,
                "",
                "",
                false,
                new QuerySettings(
                    "",
                    "watershed_monitor",
                    "watershed_reader",
                    Duration.ofSeconds(10),
                    4,
                    10_000,
                    8L * 1024 * 1024,
                    Duration.ofSeconds(30),
                    "watershed-ubc_windows"),
                new AlertSettings(
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(5),
                    8,
                    Duration.ofSeconds(1)),
                new FlinkSettings("", Duration.ofSeconds(5)),
                new LiveSettings("", "ws.monitor", 50_000, Duration.ofMinutes(10))));
    assertThat(MonitorConfig.load("test", Map.of()).query().enabled()).isFalse();
    assertThat(MonitorConfig.load("test", Map.of()).flink().enabled()).isFalse();
    assertThat(MonitorConfig.load("test", Map.of()).live().enabled()).isFalse();
  }

  @Test
  void explicitValues() {
    Map<String, String> values = new HashMap<>();
    values.put("monitor.http-host", "0.0.0.0");
    values.put("monitor.http-port", "18070");
    values.put("monitor.threads", "16");
    values.put("monitor.http-max-connections", "64");
    values.put("monitor.http-header-timeout", "1500ms");
    values.put("monitor.http-idle-timeout", "2m");
    values.put("monitor.http-min-request-bytes-per-second", "4096");
    values.put("monitor.max-request-bytes", "4_096");
    values.put("monitor.jdbc-url", "jdbc:postgresql://db:5432/watershed");
    values.put("monitor.jdbc-user", "monitor");
    values.put("monitor.jdbc-password", "secret");
    values.put("monitor.auth-enabled", "false");
    values.put("monitor.bootstrap-admin-token", ADMIN);
    values.put("monitor.bootstrap-agent-token", AGENT);
    values.put("monitor.seed-demo", "true");
    values.put("monitor.trino.url", "jdbc:trino://trino:8080");
    values.put("monitor.trino.user", "monitor");
    values.put("monitor.trino.adhoc-user", "reader");
    values.put("monitor.trino.query-timeout", "5s");
    values.put("monitor.trino.pool-size", "8");
    values.put("monitor.trino.adhoc-max-rows", "500");
    values.put("monitor.trino.adhoc-max-bytes", "1MiB");
    values.put("monitor.trino.adhoc-timeout", "1m");
    values.put("monitor.trino.watermark-job", "test-ubc_windows");
    values.put("monitor.alerts.interval", "2s");
    values.put("monitor.alerts.settle", "0s");
    values.put("monitor.alerts.delivery-timeout", "750ms");
    values.put("monitor.alerts.delivery-attempts", "3");
    values.put("monitor.alerts.delivery-backoff", "250ms");
    values.put("monitor.flink.url", "http://flink:8081/");
    values.put("monitor.flink.timeout", "750ms");
    values.put("monitor.live.kafka-bootstrap", "kafka-1:9092,kafka-2:9092");
    values.put("monitor.live.topic", "test.monitor");
    values.put("monitor.live.max-keys", "1_000");
    values.put("monitor.live.lookback", "3m");
    assertThat(values.keySet())
        .as("every key is mapped here")
        .isEqualTo(MonitorKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.toSet()));
    assertThat(MonitorConfig.load("test", values))
        .isEqualTo(
            new MonitorConfig(
                new HttpServerSettings(
                    "0.0.0.0",
                    18070,
                    new HttpLimits(
                        16, 64, Duration.ofMillis(1500), Duration.ofMinutes(2), 4096, 4096, 16384)),
                "jdbc:postgresql://db:5432/watershed",
                "monitor",
                "secret",
                false,
                ADMIN,
                AGENT,
                true,
                new QuerySettings(
                    "jdbc:trino://trino:8080",
                    "monitor",
                    "reader",
                    Duration.ofSeconds(5),
                    8,
                    500,
                    1024 * 1024,
                    Duration.ofMinutes(1),
                    "test-ubc_windows"),
                new AlertSettings(
                    Duration.ofSeconds(2),
                    Duration.ZERO,
                    Duration.ofMillis(750),
                    3,
                    Duration.ofMillis(250)),
                // the final slash dropped: paths are appended
                new FlinkSettings("http://flink:8081", Duration.ofMillis(750)),
                new LiveSettings(
                    "kafka-1:9092,kafka-2:9092", "test.monitor", 1_000, Duration.ofMinutes(3))));
  }

  @Test
  void keysAreKebabCaseUnderMonitorAndDocumented() {
    for (ConfigKey<?> key : MonitorKeys.ALL) {
      assertThat(key.name()).matches("monitor\\.([a-z]+\\.)?[a-z]+(-[a-z]+)*");
      assertThat(key.doc()).isNotBlank().endsWith(".");
      // the default itself is valid
      key.parse(key.defaultValue());
    }
    assertThat(MonitorKeys.ALL.stream().map(ConfigKey::name).collect(Collectors.toSet()))
        .hasSameSizeAs(MonitorKeys.ALL);
  }

  @Test
  void collectsEveryErrorNumberedWithKeyAndValue() {
    Map<String, String> values = new HashMap<>();
    values.put("monitor.http-port", "70000");
    values.put("monitor.threads", "many");
    values.put("monitor.jdbc-url", "jdbc:h2:file:./x");
    values.put("monitor.auth-enabled", "yes");
    values.put("monitor.bootstrap-admin-token", "short");
    values.put("monitor.http-prot", "8070");
    values.put("monitor.api-token", "leaked-secret");
    values.put("monitor.trino.url", "http://trino:8080");
    values.put("monitor.flink.url", "flink:8081");
    values.put("monitor.flink.timeout", "0s");
    assertThatThrownBy(() -> MonitorConfig.load("bad.properties", values))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.errors())
                  .containsExactly(
                      "Cannot use monitor.http-port=70000: must be between 0 and 65535",
                      "Cannot use monitor.threads=many: must be an integer",
                      "Cannot use monitor.jdbc-url=jdbc:h2:file:./x: H2 URLs must set"
                          + " ;DATABASE_TO_LOWER=TRUE",
                      "Cannot use monitor.auth-enabled=yes: must be true or false",
                      "Cannot use monitor.bootstrap-admin-token=****: must be empty or at least 16"
                          + " characters long",
                      "Cannot use monitor.trino.url=http://trino:8080: must be empty or start with"
                          + " jdbc:trino://",
                      "Cannot use monitor.flink.url=flink:8081: must be empty or an http:// or"
                          + " https:// URL with a host",
                      "Cannot use monitor.flink.timeout=0s: must be between 100ms and 1m",
                      "Cannot use monitor.api-token=****: unknown key (the `keys` subcommand lists"
                          + " them)",
                      "Cannot use monitor.http-prot=8070: unknown key (the `keys` subcommand"
                          + " lists them)");
              assertThat(e.getMessage())
                  .startsWith("Cannot load monitor config bad.properties: 10 error(s)\n  1. ")
                  .contains("\n  10. Cannot use monitor.http-prot=8070")
                  .doesNotContain("short", "leaked-secret");
            });
  }

  @Test
  void theFlinkUrlCarriesNoCredentialsQueryOrFragment() {
    for (String url :
        new String[] {"http://user@flink:8081", "http://flink:8081/?x=1", "http://flink:8081#a"}) {
      assertThatThrownBy(() -> MonitorConfig.load("test", Map.of("monitor.flink.url", url)))
          .isInstanceOfSatisfying(
              ConfigException.class,
              e ->
                  assertThat(e.errors())
                      .containsExactly(
                          "Cannot use monitor.flink.url=%s: must not carry credentials, a query or"
                                  .formatted(url)
                              + " a fragment"));
    }
    assertThat(MonitorConfig.load("test", Map.of("monitor.flink.url", "https://gw/flink")).flink())
        .isEqualTo(new FlinkSettings("https://gw/flink", Duration.ofSeconds(5)));
  }

  @Test
  void refusesOtherDatabasesAndOneTokenForTwoRoles() {
    Map<String, String> values =
        Map.of(
            "monitor.jdbc-url", "jdbc:mysql://db/monitor",
            "monitor.bootstrap-admin-token", ADMIN,
            "monitor.bootstrap-agent-token", ADMIN);
    assertThatThrownBy(() -> MonitorConfig.load("test", values))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use monitor.jdbc-url=jdbc:mysql://db/monitor: must start with"
                            + " jdbc:h2: or jdbc:postgresql:",
                        "Cannot use monitor.bootstrap-agent-token=****: it equals"
                            + " monitor.bootstrap-admin-token; an agent token must not be an admin"
                            + " token"));
  }

  @Test
  void readsPropertiesFileAndMasksSecretsInToString(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("monitor.properties");
    Files.writeString(
        file,
        "monitor.http-port = 0\nmonitor.jdbc-password=pw\nmonitor.bootstrap-admin-token="
            + ADMIN
            + "\n",
        StandardCharsets.UTF_8);
    MonitorConfig config = MonitorConfig.load(file);
    assertThat(config.http().port()).isZero();
    assertThat(config.toString()).contains("jdbcPassword=****").doesNotContain("pw,", ADMIN);
    assertThatThrownBy(() -> MonitorConfig.load(directory.resolve("missing.properties")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot read config file");
  }

  @Test
  void readmeListsTheKeyReference() throws IOException {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    assertThat(readme).contains(MonitorKeys.reference());
    assertThat(Set.of(MonitorKeys.reference().split("\n"))).hasSize(MonitorKeys.ALL.size() + 2);
  }
}
