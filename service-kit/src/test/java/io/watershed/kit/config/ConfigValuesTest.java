package io.watershed.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValuesTest {
  private static final ConfigKey<Integer> PORT =
      ConfigKey.integer("demo.http-port", 8080, 0, 65535, "Port.");
  private static final ConfigKey<Duration> TIMEOUT =
      ConfigKey.duration(
          "demo.timeout", Duration.ofSeconds(5), Duration.ZERO, Duration.ofHours(1), "Timeout.");
  private static final ConfigKey<Boolean> ENABLED = ConfigKey.bool("demo.enabled", true, "On.");
  private static final ConfigKey<String> PASSWORD = ConfigKey.secret("demo.password", "Password.");
  private static final PassThrough KAFKA = new PassThrough("kafka.", "Kafka settings.");
  private static final PassThrough HADOOP = new PassThrough("hadoop.", "Hadoop settings.");

  @Test
  void defaultsAndValues() {
    ConfigValues values =
        new ConfigValues(
            "demo",
            "test",
            Map.of("demo.http-port", " 9090 ", "kafka.linger.ms", " 5 "),
            List.of(KAFKA));
    assertThat(values.get(PORT, 0)).isEqualTo(9090);
    assertThat(values.get(TIMEOUT, Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
    assertThat(values.withPrefix(KAFKA)).isEqualTo(Map.of("linger.ms", "5"));
    values.finish();
  }

  @Test
  void collectsEveryErrorNumberedWithKeyAndValue() {
    ConfigValues values =
        new ConfigValues(
            "demo",
            "demo.properties",
            Map.of(
                "demo.http-port", "-1",
                "demo.timeout", "5 s",
                "demo.enabled", "yes",
                "demo.password", "x"),
            List.of());
    assertThat(values.get(PORT, 0)).isZero();
    assertThat(values.get(TIMEOUT, Duration.ZERO)).isZero();
    assertThat(values.get(ENABLED, false)).isFalse();
    assertThat(values.get(PASSWORD, "")).isEqualTo("x");
    values.error("Cannot use demo.rule=1: a rule between keys");

    assertThatThrownBy(values::finish)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use demo.http-port=-1: must be between 0 and 65535",
                        "Cannot use demo.timeout=5 s: must be a whole number and a unit (ms, s,"
                            + " m, h), e.g. 500ms or 10s",
                        "Cannot use demo.enabled=yes: must be true or false",
                        "Cannot use demo.rule=1: a rule between keys"))
        .hasMessage(
            """
            Cannot load demo config demo.properties: 4 error(s)
              1. Cannot use demo.http-port=-1: must be between 0 and 65535
              2. Cannot use demo.timeout=5 s: must be a whole number and a unit (ms, s, m, h),\
             e.g. 500ms or 10s
              3. Cannot use demo.enabled=yes: must be true or false
              4. Cannot use demo.rule=1: a rule between keys""");
  }

  @Test
  void rejectsUnknownKeysExceptUnderPassThroughPrefixes() {
    Map<String, String> raw =
        Map.of(
            "demo.http-prot", "8080",
            "demo.api-token", "leaked-secret",
            "kafka.linger.ms", "5",
            "hadoop.fs.defaultFS", "hdfs://nn:9000",
            "kafka.", "no name after the prefix",
            "other.name", "1");

    assertThatThrownBy(() -> new ConfigValues("demo", "test", raw, List.of(KAFKA, HADOOP)).finish())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use demo.api-token=****: unknown key (the `keys` subcommand lists"
                            + " them; kafka.* and hadoop.* pass through)",
                        "Cannot use demo.http-prot=8080: unknown key (the `keys` subcommand lists"
                            + " them; kafka.* and hadoop.* pass through)",
                        "Cannot use kafka.=no name after the prefix: unknown key (the `keys`"
                            + " subcommand lists them; kafka.* and hadoop.* pass through)",
                        "Cannot use other.name=1: unknown key (the `keys` subcommand lists them;"
                            + " kafka.* and hadoop.* pass through)"))
        .hasMessageNotContaining("leaked-secret");
    assertThatThrownBy(
            () ->
                new ConfigValues("demo", "test", Map.of("hadoop.x", "1"), List.of(KAFKA)).finish())
        .hasMessageEndingWith(
            "1. Cannot use hadoop.x=1: unknown key (the `keys` subcommand lists them; kafka.*"
                + " passes through)");
    assertThatThrownBy(
            () -> new ConfigValues("demo", "test", Map.of("demo.x", "1"), List.of()).finish())
        .hasMessageEndingWith(
            "1. Cannot use demo.x=1: unknown key (the `keys` subcommand lists them)");
  }

  @Test
  void readsPropertiesFiles(@TempDir Path directory) throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("demo.properties"), "# comment\ndemo.http-port = 8282 \nx=\\u00e9\n");
    assertThat(ConfigValues.readProperties("demo", file))
        .isEqualTo(Map.of("demo.http-port", "8282 ", "x", "é"));
    assertThatThrownBy(() -> ConfigValues.readProperties("demo", directory.resolve("missing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot load demo config " + directory.resolve("missing"))
        .hasMessageContaining("1. Cannot read config file");
  }

  @Test
  void keyReferenceComesFromTheDeclarations() {
    assertThat(KeyReference.markdown(List.of(PORT, TIMEOUT, PASSWORD), List.of(KAFKA)))
        .isEqualTo(
            """
            | key | type | default | doc |
            |---|---|---|---|
            | `demo.http-port` | int | `8080` | Port. |
            | `demo.timeout` | duration | `5s` | Timeout. |
            | `demo.password` | password | `` | Password. |
            | `kafka.*` | string | | Kafka settings. |
            """);
  }

  private static final ConfigKey<List<String>> SOURCES =
      ConfigKey.list("demo.sources", "", "Sources.");
  private static final ConfigKey<String> SOURCE_TOPIC =
      ConfigKey.string("demo.sources.<name>.topic", "raw.<name>", "Topic.");
  private static final ConfigKey<Integer> SOURCE_LIMIT =
      ConfigKey.integer("demo.sources.<name>.limit", 0, 0, 10, "Limit.");
  private static final KeyFamily FAMILY =
      new KeyFamily(SOURCES, "source", "<name>", List.of(SOURCE_TOPIC, SOURCE_LIMIT));

  @Test
  void readsKeyFamiliesAndRejectsKeysNoMemberReads() {
    ConfigValues values =
        new ConfigValues(
            "demo",
            "test",
            Map.of(
                "demo.sources", "web",
                "demo.sources.web.limit", "11",
                "demo.sources.web.topc", "x",
                "demo.sources.app.topic", "y"),
            List.of(),
            List.of(FAMILY));
    for (String name : values.get(SOURCES, List.of())) {
      assertThat(values.get(SOURCE_TOPIC.bind("<name>", name), "")).isEqualTo("raw.web");
      assertThat(values.get(SOURCE_LIMIT.bind("<name>", name), -1)).isEqualTo(-1);
    }
    assertThatThrownBy(values::finish)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use demo.sources.web.limit=11: must be between 0 and 10",
                        "Cannot use demo.sources.app.topic=y: not a key of a source named in"
                            + " demo.sources=web (topic, limit)",
                        "Cannot use demo.sources.web.topc=x: not a key of a source named in"
                            + " demo.sources=web (topic, limit)"));
    assertThatThrownBy(
            () ->
                new KeyFamily(
                    SOURCES, "source", "<name>", List.of(ConfigKey.string("demo.x", "", "X."))))
        .hasMessage(
            "Cannot declare key demo.x in family demo.sources: its name must start with"
                + " demo.sources.<name>.");
  }
}
