package io.watershed.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.collector.intake.IntakeConfig;
import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorConfigTest {
  @TempDir Path directory;

  @Test
  void defaults() {
    CollectorConfig config = CollectorConfig.load("test", Map.of());

    assertThat(config)
        .isEqualTo(
            new CollectorConfig(
                new IntakeConfig(
                    "127.0.0.1",
                    8090,
                    Map.of(),
                    "ws.raw.ubc",
                    "127.0.0.1:9092",
                    8 * 1024 * 1024,
                    1000 * 1024,
                    10_000,
                    64L * 1024 * 1024,
                    Duration.ofSeconds(5),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(30),
                    2,
                    4,
                    Duration.ofSeconds(2)),
                Map.of()));
  }

  @Test
  void explicitValues() {
    Map<String, String> values =
        Map.ofEntries(
            Map.entry("intake.http-host", "0.0.0.0"),
            Map.entry("intake.http-port", "18090"),
            Map.entry("intake.app-keys", " demo , shop:s3cr3t-Key_1 ,,"),
            Map.entry("intake.topic", "ws.raw.ubc-test"),
            Map.entry("intake.bootstrap-servers", "k1:9092, [::1]:9093"),
            Map.entry("intake.max-body-bytes", "16MiB"),
            Map.entry("intake.max-record-bytes", "512kib"),
            Map.entry("intake.max-request-records", "500"),
            Map.entry("intake.max-inflight-bytes", "1_073_741_824"),
            Map.entry("intake.send-timeout", "2500ms"),
            Map.entry("intake.retry-after", "3s"),
            Map.entry("intake.health-timeout", "1s"),
            Map.entry("intake.idle-timeout", "2m"),
            Map.entry("intake.request-timeout", "45s"),
            Map.entry("intake.io-threads", "4"),
            Map.entry("intake.worker-threads", "8"),
            Map.entry("intake.tick-interval", "500ms"),
            Map.entry("kafka.linger.ms", "20"),
            Map.entry("kafka.compression.type", "zstd"),
            Map.entry("kafka.sasl.jaas.config", "secret stuff"));

    CollectorConfig config = CollectorConfig.load("test", values);

    assertThat(config)
        .isEqualTo(
            new CollectorConfig(
                new IntakeConfig(
                    "0.0.0.0",
                    18090,
                    Map.of("demo", "demo", "s3cr3t-Key_1", "shop"),
                    "ws.raw.ubc-test",
                    "k1:9092,[::1]:9093",
                    16 * 1024 * 1024,
                    512 * 1024,
                    500,
                    1024L * 1024 * 1024,
                    Duration.ofMillis(2500),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(45),
                    4,
                    8,
                    Duration.ofMillis(500)),
                Map.of(
                    "linger.ms", "20",
                    "compression.type", "zstd",
                    "sasl.jaas.config", "secret stuff")));
  }

  @Test
  void producerSettingsHoldTheContract() {
    IntakeConfig intake = CollectorConfig.load("test", Map.of()).intake();

    assertThat(intake.producerSettings(Map.of("linger.ms", "5", "client.id", "mine")))
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "5")
        .containsEntry("batch.size", 262144)
        .containsEntry("max.block.ms", 5000L)
        .containsEntry("client.id", "mine")
        .containsEntry(
            "value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
  }

  @Test
  void everyKeyIsDeclaredOnceWithItsDefault() {
    assertThat(CollectorKeys.ALL)
        .extracting(ConfigKey::name)
        .doesNotHaveDuplicates()
        .allMatch(name -> name.matches("(intake|agent)\\.[a-z<>.]+(-[a-z]+)*"));
    assertThat(CollectorKeys.reference())
        .contains("| `intake.http-port` | int | `8090` |")
        .contains("| `intake.max-body-bytes` | size | `8MiB` |")
        .contains("| `intake.send-timeout` | duration | `5s` |")
        .contains("| `intake.app-keys` | list<app[:key]> | `` |")
        .contains("| `intake.tick-interval` | duration | `2s` |")
        .contains("| `kafka.*` |");
  }

  @Test
  void ticksCanBeTurnedOffButNotSpacedPastAMinute() {
    assertThat(CollectorConfig.load("test", Map.of("intake.tick-interval", "0s")).intake())
        .extracting(IntakeConfig::tickInterval)
        .isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> CollectorConfig.load("test", Map.of("intake.tick-interval", "2m")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use intake.tick-interval=2m: must be between 0s and 1m"));
  }

  @Test
  void collectsEveryError() {
    Map<String, String> values =
        Map.ofEntries(
            Map.entry("intake.http-port", "-1"),
            Map.entry("intake.app-keys", "demo,bad app:key"),
            Map.entry("intake.topic", "ws raw"),
            Map.entry("intake.bootstrap-servers", "localhost"),
            Map.entry("intake.max-body-bytes", "8MB"),
            Map.entry("intake.send-timeout", "5"),
            Map.entry("intake.retry-after", "0s"),
            Map.entry("intake.worker-threads", "many"),
            Map.entry("intake.http-prot", "8090"),
            Map.entry("kafka.acks", "1"),
            Map.entry("kafka.linger.ms", "soon"),
            Map.entry("kafka.lingr.ms", "5"),
            Map.entry("kafka.ssl.key.password", "hunter2"));

    assertThatThrownBy(() -> CollectorConfig.load("test.properties", values))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use intake.http-port=-1: must be between 0 and 65535",
                        "Cannot use intake.app-keys=****: item 2: app names are 1 to 64 letters,"
                            + " digits, '_', '.' or '-'",
                        "Cannot use intake.topic=ws raw: must be a Kafka topic name: 1 to 249"
                            + " letters, digits, '.', '_' or '-'",
                        "Cannot use intake.bootstrap-servers=localhost: 'localhost' is not"
                            + " host:port",
                        "Cannot use intake.max-body-bytes=8MB: must be a whole number of bytes,"
                            + " optionally with a unit (KiB, MiB, GiB), e.g. 1048576 or 8MiB",
                        "Cannot use intake.send-timeout=5: must be a whole number and a unit (ms,"
                            + " s, m, h), e.g. 500ms or 10s",
                        "Cannot use intake.retry-after=0s: must be between 1s and 1h",
                        "Cannot use intake.worker-threads=many: must be an integer",
                        "Cannot use kafka.acks=1: the intake answers 202 only after acks=all",
                        "Cannot use kafka.lingr.ms=5: not a Kafka producer setting",
                        "Cannot use kafka.linger.ms=soon: Invalid value soon for configuration"
                            + " linger.ms: Not a number of type LONG",
                        "Cannot use intake.http-prot=8090: unknown key (the `keys` subcommand"
                            + " lists them; kafka.* passes through)"))
        .hasMessageStartingWith("Cannot load collector config test.properties: 12 error(s)\n  1. ")
        .hasMessageContaining("\n  12. Cannot use intake.http-prot=8090")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void checksTheAgentsKafkaEngine() {
    assertThatThrownBy(
            () ->
                CollectorConfig.load(
                    "test",
                    Map.of(
                        "agent.sources", "app",
                        "agent.sources.app.paths", "/var/log/*.log",
                        "agent.kafka-engine", "fast")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use agent.kafka-engine=fast: must be batch or client"));
    assertThatThrownBy(
            () ->
                CollectorConfig.load(
                    "test",
                    Map.of(
                        "agent.sources", "app",
                        "agent.sources.app.paths", "/var/log/*.log",
                        "kafka.security.protocol", "SSL")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use kafka.security.protocol=SSL with agent.kafka-engine=batch: the"
                            + " batch engine speaks PLAINTEXT; set it to client"));
    CollectorConfig client =
        CollectorConfig.load(
            "test",
            Map.of(
                "agent.sources", "app",
                "agent.sources.app.paths", "/var/log/*.log",
                "agent.kafka-engine", "client",
                "kafka.security.protocol", "SSL"));
    assertThat(client.agent().orElseThrow().kafkaEngine())
        .isEqualTo(io.watershed.collector.agent.AgentConfig.KafkaEngine.CLIENT);
  }

  @Test
  void checksRulesBetweenKeys() {
    assertThatThrownBy(
            () ->
                CollectorConfig.load(
                    "test",
                    Map.of(
                        "intake.max-body-bytes", "64MiB",
                        "intake.max-inflight-bytes", "100MiB",
                        "intake.max-record-bytes", "2MiB")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .containsExactly(
                        "Cannot use intake.max-inflight-bytes=100MiB: must be at least twice"
                            + " intake.max-body-bytes (64MiB), so that one gzip body of the"
                            + " largest size fits",
                        "Cannot use intake.max-record-bytes=2MiB: must be at least 16KiB below"
                            + " the producer's max.request.size (1048576)"));
    assertThat(
            CollectorConfig.load(
                    "test",
                    Map.of("intake.max-record-bytes", "2MiB", "kafka.max.request.size", "4194304"))
                .intake()
                .maxRecordBytes())
        .isEqualTo(2 * 1024 * 1024);
  }

  @Test
  void loadsPropertiesAndYamlFiles() throws Exception {
    Path properties =
        Files.writeString(
            directory.resolve("collector.properties"),
            "# comment\nintake.http-port = 8282 \nintake.app-keys=demo\nkafka.linger.ms=7\n");
    Path yaml =
        Files.writeString(
            directory.resolve("collector.yaml"),
            """
            # the same settings as YAML
            intake:
              http-port: 8282
              app-keys: [demo]
            kafka:
              linger.ms: 7
            """);

    CollectorConfig fromProperties = CollectorConfig.load(properties);

    assertThat(fromProperties.intake().httpPort()).isEqualTo(8282);
    assertThat(fromProperties.intake().appKeys()).isEqualTo(Map.of("demo", "demo"));
    assertThat(fromProperties.kafka()).isEqualTo(Map.of("linger.ms", "7"));
    assertThat(CollectorConfig.load(yaml)).isEqualTo(fromProperties);
    assertThatThrownBy(() -> CollectorConfig.load(directory.resolve("missing.properties")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot read config file");
    Path badYaml = Files.writeString(directory.resolve("bad.yml"), "intake: [1, {a: 2}]\n");
    assertThatThrownBy(() -> CollectorConfig.load(badYaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only lists of plain values are supported");
  }

  @Test
  void toStringHidesKeysAndSecrets() {
    CollectorConfig config =
        CollectorConfig.load(
            "test",
            Map.of(
                "intake.app-keys", "shop:very-secret-key",
                "kafka.sasl.jaas.config", "password=hunter2"));

    assertThat(config.toString())
        .doesNotContain("very-secret-key")
        .doesNotContain("hunter2")
        .contains("apps=[shop]")
        .contains("sasl.jaas.config=****");
  }

  @Test
  void agentFromYamlWithAListOfSources() throws Exception {
    Path yaml =
        Files.writeString(
            directory.resolve("agent.yaml"),
            """
            intake:
              enabled: false
            agent:
              id: web-1
              group: web
              state-dir: /var/lib/watershed
              read-buffer-bytes: 128KiB
              max-line-bytes: 1MiB
              inflight-bytes: 64MiB
              poll-interval: 100ms
              heartbeat-url: http://127.0.0.1:8070/
              heartbeat-token: agent-token-0123456789
              heartbeat-interval: 5s
              sources:
                - name: nginx
                  paths: [/var/log/nginx/*.log, /var/log/nginx/**/*.log]
                - name: app
                  paths: [/srv/app/logs/app.log]
                  topic: ws.raw.application
            """);

    CollectorConfig config = CollectorConfig.load(yaml);

    assertThat(config.intakeEnabled()).isFalse();
    assertThat(config.agent())
        .contains(
            new io.watershed.collector.agent.AgentConfig(
                "web-1",
                "web",
                Path.of("/var/lib/watershed"),
                java.util.List.of(
                    new io.watershed.collector.agent.SourceConfig(
                        "nginx",
                        java.util.List.of("/var/log/nginx/*.log", "/var/log/nginx/**/*.log"),
                        "ws.raw.nginx"),
                    new io.watershed.collector.agent.SourceConfig(
                        "app", java.util.List.of("/srv/app/logs/app.log"), "ws.raw.application")),
                "127.0.0.1:9092",
                128 * 1024,
                1024 * 1024,
                64L * 1024 * 1024,
                Duration.ofMillis(100),
                "http://127.0.0.1:8070",
                "agent-token-0123456789",
                Duration.ofSeconds(5),
                "127.0.0.1",
                8091));
    assertThat(config.toString()).doesNotContain("agent-token-0123456789");
    Path properties =
        Files.writeString(
            directory.resolve("agent.properties"),
            "agent.sources=nginx\nagent.sources.nginx.paths=/var/log/nginx/*.log\n");
    assertThat(CollectorConfig.load(properties).agent().orElseThrow().sources())
        .containsExactly(
            new io.watershed.collector.agent.SourceConfig(
                "nginx", java.util.List.of("/var/log/nginx/*.log"), "ws.raw.nginx"));
  }

  @Test
  void agentDefaultsAndOffWithoutSources() {
    assertThat(CollectorConfig.load("test", Map.of()).agent()).isEmpty();
    var agent =
        CollectorConfig.load(
                "test", Map.of("agent.sources", "app", "agent.sources.app.paths", "/logs/*.log"))
            .agent()
            .orElseThrow();
    assertThat(agent.id()).isNotBlank();
    assertThat(agent.group()).isEqualTo("default");
    assertThat(agent.stateDirectory()).isEqualTo(Path.of("var/agent"));
    assertThat(agent.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(agent.readBufferBytes()).isEqualTo(64 * 1024);
    assertThat(agent.maxLineBytes()).isEqualTo(512 * 1024);
    assertThat(agent.inflightBytes()).isEqualTo(32L * 1024 * 1024);
    assertThat(agent.pollInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(agent.heartbeatUrl()).isEmpty();
    assertThat(agent.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(agent.httpHost()).isEqualTo("127.0.0.1");
    assertThat(agent.httpPort()).isEqualTo(8091);
  }

  @Test
  void collectsEveryAgentError() {
    Map<String, String> values =
        Map.of(
            "agent.sources", "app",
            "agent.sources.app.paths", "relative/*.log",
            "agent.sources.app.topic", "no spaces",
            "agent.sources.other.paths", "/x/*.log",
            "agent.max-line-bytes", "1MiB",
            "agent.inflight-bytes", "1MiB",
            "agent.heartbeat-url", "ftp://x",
            "intake.enabled", "maybe");
    assertThatThrownBy(() -> CollectorConfig.load("test.properties", values))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).errors())
                    .containsExactlyInAnyOrder(
                        "Cannot use intake.enabled=maybe: must be true or false",
                        "Cannot use agent.sources.app.paths=relative/*.log: 'relative/*.log' is"
                            + " not an absolute path",
                        "Cannot use agent.sources.app.topic=no spaces: must be a Kafka topic name:"
                            + " 1 to 249 letters, digits, '.', '_' or '-'",
                        "Cannot use agent.sources.other.paths=/x/*.log: not a key of a source"
                            + " named in agent.sources=app (paths, topic, multiline.start,"
                            + " multiline.max-lines, multiline.max-bytes, multiline.flush-timeout,"
                            + " filter.include, filter.exclude, sample.rate, sample.seed, transforms,"
                            + " transforms.<transform>.type, transforms.<transform>.fields,"
                            + " rate-limit)",
                        "Cannot use agent.heartbeat-url=ftp://x: must be an http or https URL"
                            + " with a host",
                        "Cannot use agent.inflight-bytes=1MiB: must be at least twice"
                            + " agent.max-line-bytes (1MiB)"));
    assertThatThrownBy(
            () -> CollectorConfig.load("test", Map.of("agent.sources", "app,Bad Name,app")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "Cannot use agent.sources=app,Bad Name,app: 'Bad Name' is not a source name");
  }

  @Test
  void sourcesFromTheBackend() {
    assertThat(CollectorConfig.parseSources("sources:\n  - name: app\n    paths: [/logs/*.log]\n"))
        .containsExactly(
            new io.watershed.collector.agent.SourceConfig(
                "app", java.util.List.of("/logs/*.log"), "ws.raw.app"));
    assertThatThrownBy(() -> CollectorConfig.parseSources("sources: [{name: app}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Cannot use agent.sources.app.paths=: must list at least one glob");
  }

  private static final String PROCESSING_YAML =
      """
      agent:
        sources:
          - name: app
            paths: [/srv/app/*.log]
            multiline:
              start: '^\\d{4}-'
              max-lines: 300
              max-bytes: 128KiB
              flush-timeout: 2s
            filter:
              include: 'ERROR|WARN'
              exclude: healthcheck
            sample:
              rate: 0.25
              seed: 42
            rate-limit: 20000
            transforms:
              - type: nginx
              - type: drop_fields
                fields: [http_referer, remote_user]
              - name: short
                type: rename_fields
                fields: ["remote_addr:client", "status:code"]
      """;

  private static final io.watershed.collector.agent.Processing EXPECTED_PROCESSING =
      new io.watershed.collector.agent.Processing(
          java.util.Optional.of(
              new io.watershed.collector.agent.Processing.Multiline(
                  "^\\d{4}-", 300, 128 * 1024, Duration.ofSeconds(2))),
          "ERROR|WARN",
          "healthcheck",
          0.25,
          java.util.OptionalLong.of(42),
          java.util.List.of(
              new io.watershed.collector.agent.Processing.Transform(
                  "nginx",
                  io.watershed.collector.agent.Processing.TransformType.NGINX,
                  java.util.List.of(),
                  Map.of()),
              new io.watershed.collector.agent.Processing.Transform(
                  "drop_fields",
                  io.watershed.collector.agent.Processing.TransformType.DROP_FIELDS,
                  java.util.List.of("http_referer", "remote_user"),
                  Map.of()),
              new io.watershed.collector.agent.Processing.Transform(
                  "short",
                  io.watershed.collector.agent.Processing.TransformType.RENAME_FIELDS,
                  java.util.List.of(),
                  Map.of("remote_addr", "client", "status", "code"))),
          20000);

  @Test
  void processingKeysMapFromTheFileAndFromTheBackendAlike() throws Exception {
    Path yaml = Files.writeString(directory.resolve("agent.yaml"), PROCESSING_YAML);

    var source = CollectorConfig.load(yaml).agent().orElseThrow().sources().get(0);
    assertThat(source.processing()).isEqualTo(EXPECTED_PROCESSING);
    assertThat(source.processing().passThrough()).isFalse();
    assertThat(CollectorConfig.parseSources(PROCESSING_YAML).get(0)).isEqualTo(source);
    // properties spell the same keys; a transform's type defaults to its name
    var properties =
        CollectorConfig.load(
                "test",
                Map.of(
                    "agent.sources", "app",
                    "agent.sources.app.paths", "/a/*.log",
                    "agent.sources.app.transforms", "nginx,drop",
                    "agent.sources.app.transforms.drop.type", "drop_fields",
                    "agent.sources.app.transforms.drop.fields", "a, b"))
            .agent()
            .orElseThrow()
            .sources()
            .get(0)
            .processing();
    assertThat(properties.transforms())
        .extracting(io.watershed.collector.agent.Processing.Transform::type)
        .containsExactly(
            io.watershed.collector.agent.Processing.TransformType.NGINX,
            io.watershed.collector.agent.Processing.TransformType.DROP_FIELDS);
    assertThat(properties.transforms().get(1).fields()).containsExactly("a", "b");
  }

  @Test
  void processingDefaults() {
    var processing =
        CollectorConfig.load(
                "test",
                Map.of(
                    "agent.sources", "app",
                    "agent.sources.app.paths", "/a/*.log",
                    "agent.sources.app.multiline.start", "^x"))
            .agent()
            .orElseThrow()
            .sources()
            .get(0)
            .processing();
    assertThat(processing)
        .isEqualTo(
            new io.watershed.collector.agent.Processing(
                java.util.Optional.of(
                    new io.watershed.collector.agent.Processing.Multiline(
                        "^x", 500, 256 * 1024, Duration.ofSeconds(1))),
                "",
                "",
                1.0,
                java.util.OptionalLong.empty(),
                java.util.List.of(),
                0));
    assertThat(
            CollectorConfig.parseSources("sources: [{name: app, paths: [/a/*.log]}]")
                .get(0)
                .processing())
        .isEqualTo(io.watershed.collector.agent.Processing.NONE);
    assertThat(io.watershed.collector.agent.Processing.NONE.passThrough()).isTrue();
    // a joined record never passes agent.max-line-bytes (the producer's max.request.size)
    assertThat(
            CollectorConfig.load(
                    "test",
                    Map.of(
                        "agent.sources", "app",
                        "agent.sources.app.paths", "/a/*.log",
                        "agent.sources.app.multiline.start", "^x",
                        "agent.max-line-bytes", "64KiB"))
                .agent()
                .orElseThrow()
                .sources()
                .get(0)
                .processing()
                .multiline()
                .orElseThrow()
                .maxBytes())
        .isEqualTo(64 * 1024);
  }

  @Test
  void everyBadProcessingSettingIsListedWithItsKey() {
    Map<String, String> values = new java.util.TreeMap<>();
    values.put("agent.sources", "app");
    values.put("agent.sources.app.paths", "/a/*.log");
    values.put("agent.sources.app.multiline.start", "^(\\d{4}");
    values.put("agent.sources.app.multiline.max-lines", "1");
    values.put("agent.sources.app.multiline.flush-timeout", "soon");
    values.put("agent.sources.app.filter.include", "[a-");
    values.put("agent.sources.app.sample.rate", "0");
    values.put("agent.sources.app.sample.seed", "x");
    values.put("agent.sources.app.rate-limit", "-5");
    values.put("agent.sources.app.transforms", "nginx,drop,rename,odd");
    values.put("agent.sources.app.transforms.nginx.fields", "a");
    values.put("agent.sources.app.transforms.drop.type", "drop_fields");
    values.put("agent.sources.app.transforms.rename.type", "rename_fields");
    values.put("agent.sources.app.transforms.rename.fields", "a:b,c");
    values.put("agent.sources.app.filter.typo", "x");
    assertThatThrownBy(() -> CollectorConfig.load("test.properties", values))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).errors())
                    .containsExactlyInAnyOrder(
                        "Cannot use agent.sources.app.multiline.start=^(\\d{4}: '^(\\d{4}' is not"
                            + " a regex: Unclosed group near index 7",
                        "Cannot use agent.sources.app.multiline.max-lines=1: must be between 2"
                            + " and 1000000",
                        "Cannot use agent.sources.app.multiline.flush-timeout=soon: must be a"
                            + " whole number and a unit (ms, s, m, h), e.g. 500ms or 10s",
                        "Cannot use agent.sources.app.filter.include=[a-: '[a-' is not a regex:"
                            + " Illegal character range near index 3",
                        "Cannot use agent.sources.app.sample.rate=0: must be a number, 0 < rate"
                            + " <= 1",
                        "Cannot use agent.sources.app.sample.seed=x: must be an integer (a 64-bit"
                            + " seed) or empty",
                        "Cannot use agent.sources.app.rate-limit=-5: must be between 0 and"
                            + " 100000000",
                        "Cannot use agent.sources.app.transforms.nginx.fields=a: nginx takes no"
                            + " fields",
                        "Cannot use agent.sources.app.transforms.drop.fields=: drop_fields needs at"
                            + " least one field",
                        "Cannot use agent.sources.app.transforms.rename.fields=a:b,c: 'c' is not"
                            + " old:new",
                        "Cannot use agent.sources.app.transforms.odd.type=odd: 'odd' is not a"
                            + " transform type: nginx, drop_fields or rename_fields",
                        "Cannot use agent.sources.app.filter.typo=x: not a key of a source named in"
                            + " agent.sources=app (paths, topic, multiline.start,"
                            + " multiline.max-lines, multiline.max-bytes, multiline.flush-timeout,"
                            + " filter.include, filter.exclude, sample.rate, sample.seed, transforms,"
                            + " transforms.<transform>.type, transforms.<transform>.fields,"
                            + " rate-limit)"));
    assertThatThrownBy(
            () ->
                CollectorConfig.parseSources(
                    "sources: [{name: app, paths: [/a/*.log], filter: {exclude: '(x'}}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "Cannot use agent.sources.app.filter.exclude=(x: '(x' is not a regex: Unclosed group");
    assertThatThrownBy(
            () ->
                CollectorConfig.parseSources(
                    "sources: [{name: app, paths: [/a/*.log], transforms: [{type: nginx},"
                        + " {type: nginx}]}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the name 'nginx' is taken by an earlier item");
  }
}
