package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.watershed.kit.config.ConfigException;
import io.watershed.kit.config.ConfigKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every default and every key mapping of the runner's config (STYLE.md 8). */
class JobsConfigTest {
  private static final Path HOME = Path.of("/opt/watershed");

  @TempDir Path directory;

  @Test
  void defaults() {
    JobsConfig config = JobsConfig.load(HOME, Map.of());
    assertThat(config.sqlDirectory()).isEqualTo(HOME.resolve("sql"));
    assertThat(config.jobJar())
        .isEqualTo(HOME.resolve("ingestion-jobs/target/watershed-ingestion-jobs.jar"));
    assertThat(config.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.catalogUri()).isEqualTo("http://127.0.0.1:8181");
    assertThat(config.catalogToken()).isEmpty();
    assertThat(config.catalogProperties()).isEqualTo(Map.of("uri", "http://127.0.0.1:8181"));
    assertThat(config.flinkRestAddress()).isEqualTo("127.0.0.1");
    assertThat(config.flinkRestPort()).isEqualTo(8081);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.checkpointInterval("ubc_clean")).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.checkpointInterval("ubc_windows")).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.dedupHorizon()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.parallelism()).isEqualTo(1);
    assertThat(config.stateDirectory())
        .isEqualTo(HOME.resolve("var/jobs/state").toUri().toString());
    assertThat(config.topicRawPattern()).isEqualTo("ws\\.raw\\..*");
    assertThat(config.topicRawUbc()).isEqualTo("ws.raw.ubc");
    assertThat(config.topicCleanUbc()).isEqualTo("ws.clean.ubc");
    assertThat(config.topicMonitor()).isEqualTo("ws.monitor");
    assertThat(config.consumerGroupPrefix()).isEqualTo("watershed");
    assertThat(config.rulesUrl()).isEqualTo("http://127.0.0.1:8070");
    assertThat(config.rulesToken()).isEmpty();
    assertThat(config.rulesInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.watermarkDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.scanBoundedMode()).isEqualTo("unbounded");
    assertThat(config.flinkSettings()).isEmpty();
    assertThat(config.jobName("ubc_clean")).isEqualTo("watershed-ubc_clean");
    assertThat(config.sqlVariables("ubc_clean"))
        .containsEntry("catalog.auth", "")
        .containsEntry("watermark.delay", "0 00:00:10.000");
  }

  @Test
  void defaultsAreWrittenInTheOneSyntax() {
    assertThat(JobsKeys.ALL)
        .extracting(ConfigKey::name, ConfigKey::defaultValue)
        .contains(
            tuple("jobs.checkpoint-interval", "30s"),
            tuple("jobs.windows-checkpoint-interval", "10s"),
            tuple("jobs.dedup-horizon", "5m"),
            tuple("jobs.rules-interval", "10s"),
            tuple("jobs.watermark-delay", "10s"));
    assertThat(JobsKeys.ALL)
        .filteredOn(ConfigKey::secret)
        .extracting(ConfigKey::name)
        .containsExactly("jobs.catalog-token", "jobs.rules-token");
  }

  @Test
  void windowJobNeverCheckpointsLessOftenThanTheOthers() {
    JobsConfig config = JobsConfig.load(HOME, Map.of("jobs.checkpoint-interval", "2s"));
    assertThat(config.checkpointInterval("ubc_windows")).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.checkpointInterval("ubc_monitor")).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void explicitMappingsAndFlinkPassThrough() {
    Map<String, String> settings =
        Map.ofEntries(
            Map.entry("jobs.sql-dir", "/srv/sql"),
            Map.entry("jobs.job-jar", "/srv/jobs.jar"),
            Map.entry("jobs.kafka-bootstrap-servers", "k1:9092,k2:9092"),
            Map.entry("jobs.catalog-uri", "http://catalog:8181"),
            Map.entry("jobs.catalog-token", "catalog-secret-token"),
            Map.entry("jobs.flink-rest-address", "jm"),
            Map.entry("jobs.flink-rest-port", "18081"),
            Map.entry("jobs.checkpoint-interval", "2m"),
            Map.entry("jobs.windows-checkpoint-interval", "20s"),
            Map.entry("jobs.parallelism", "4"),
            Map.entry("jobs.topic-raw-pattern", "raw\\..*"),
            Map.entry("jobs.topic-raw-ubc", "raw.ubc"),
            Map.entry("jobs.topic-clean-ubc", "clean.ubc"),
            Map.entry("jobs.consumer-group-prefix", "prod"),
            Map.entry("jobs.scan-bounded-mode", "latest-offset"),
            Map.entry("jobs.topic-monitor", "mon"),
            Map.entry("jobs.rules-url", "http://monitor:8070"),
            Map.entry("jobs.rules-token", "secret-agent-token"),
            Map.entry("jobs.rules-interval", "2s"),
            Map.entry("jobs.watermark-delay", "1500ms"),
            Map.entry("jobs.dedup-horizon", "1h"),
            Map.entry("jobs.state-dir", "hdfs://nn:9000/watershed/flink"),
            Map.entry("flink.state.backend.type", " rocksdb "));
    assertThat(settings).hasSize(JobsKeys.ALL.size() + 1);
    JobsConfig config = JobsConfig.load(HOME, settings);
    assertThat(config.sqlDirectory()).isEqualTo(Path.of("/srv/sql"));
    assertThat(config.jobJar()).isEqualTo(Path.of("/srv/jobs.jar"));
    assertThat(config.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.catalogUri()).isEqualTo("http://catalog:8181");
    assertThat(config.catalogToken()).isEqualTo("catalog-secret-token");
    assertThat(config.catalogProperties())
        .isEqualTo(Map.of("uri", "http://catalog:8181", "token", "catalog-secret-token"));
    assertThat(config.flinkRestAddress()).isEqualTo("jm");
    assertThat(config.flinkRestPort()).isEqualTo(18081);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.checkpointInterval("raw_to_lake")).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.checkpointInterval("ubc_windows")).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.parallelism()).isEqualTo(4);
    assertThat(config.topicRawPattern()).isEqualTo("raw\\..*");
    assertThat(config.topicRawUbc()).isEqualTo("raw.ubc");
    assertThat(config.topicCleanUbc()).isEqualTo("clean.ubc");
    assertThat(config.topicMonitor()).isEqualTo("mon");
    assertThat(config.consumerGroupPrefix()).isEqualTo("prod");
    assertThat(config.scanBoundedMode()).isEqualTo("latest-offset");
    assertThat(config.rulesUrl()).isEqualTo("http://monitor:8070");
    assertThat(config.rulesToken()).isEqualTo("secret-agent-token");
    assertThat(config.rulesInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.watermarkDelay()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.dedupHorizon()).isEqualTo(Duration.ofHours(1));
    assertThat(config.stateDirectory()).isEqualTo("hdfs://nn:9000/watershed/flink");
    assertThat(config.flinkSettings()).isEqualTo(Map.of("state.backend.type", "rocksdb"));
    assertThat(config.jobName("ubc_windows")).isEqualTo("prod-ubc_windows");
    assertThat(config.toString())
        .doesNotContain("catalog-secret-token")
        .doesNotContain("secret-agent-token")
        .contains("jobs.rules-token=****", "jobs.checkpoint-interval=2m");
    assertThat(config.sqlVariables("ubc_clean"))
        .containsEntry("kafka.bootstrap-servers", "k1:9092,k2:9092")
        .containsEntry("catalog.uri", "http://catalog:8181")
        .containsEntry("catalog.auth", ",\n  'token' = 'catalog-secret-token'")
        .containsEntry("topic.raw-pattern", "raw\\..*")
        .containsEntry("topic.raw-ubc", "raw.ubc")
        .containsEntry("topic.clean-ubc", "clean.ubc")
        .containsEntry("topic.monitor", "mon")
        .containsEntry("group.id", "prod-ubc_clean")
        .containsEntry("job.name", "prod-ubc_clean")
        .containsEntry("scan.bounded-mode", "latest-offset")
        .containsEntry("watermark.delay", "0 00:00:01.500");
    assertThat(config.with(Map.of("jobs.parallelism", "2")).parallelism()).isEqualTo(2);
    assertThat(config.with(Map.of("jobs.parallelism", "2")).topicMonitor()).isEqualTo("mon");
  }

  @Test
  void watermarkDelayBecomesADayToSecondLiteral() {
    assertThat(SqlVariables.dayToSecond(Duration.ofMinutes(10))).isEqualTo("0 00:10:00.000");
    assertThat(SqlVariables.dayToSecond(Duration.ofHours(24))).isEqualTo("1 00:00:00.000");
  }

  @Test
  void loadsAPropertiesFile() throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("jobs.properties"), "jobs.parallelism = 3\nflink.a.b = c\n");
    JobsConfig config = JobsConfig.load(HOME, file);
    assertThat(config.parallelism()).isEqualTo(3);
    assertThat(config.flinkSettings()).isEqualTo(Map.of("a.b", "c"));
    assertThatThrownBy(() -> JobsConfig.load(HOME, directory.resolve("none.properties")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Cannot read config file");
  }

  @Test
  void reportsEveryErrorAtOnce() {
    assertThatThrownBy(
            () ->
                JobsConfig.load(
                    HOME,
                    Map.of(
                        "jobs.flink-rest-port", "x",
                        "jobs.checkpoint-interval", "5min",
                        "jobs.scan-bounded-mode", "never",
                        "jobs.catalog-uri", "",
                        "jobs.rules-token", "short",
                        "jobs.topic-raw-pattern", "ws.(",
                        "jobs.nope", "1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Cannot load jobs config (settings): 7 error(s)")
        .hasMessageContaining("jobs.nope=1: unknown key")
        .hasMessageContaining("flink.* passes through")
        .hasMessageContaining("jobs.flink-rest-port=x: must be an integer")
        .hasMessageContaining("jobs.checkpoint-interval=5min: must be a whole number and a unit")
        .hasMessageContaining("jobs.scan-bounded-mode=never: must be unbounded or latest-offset")
        .hasMessageContaining("jobs.catalog-uri=: must not be empty")
        .hasMessageContaining("jobs.rules-token=****: must be empty or at least 16 characters")
        .hasMessageContaining("jobs.topic-raw-pattern=ws.(: must be a regular expression")
        .hasMessageNotContaining("short");
  }

  @Test
  void durationsAreBounded() {
    assertThatThrownBy(() -> JobsConfig.load(HOME, Map.of("jobs.checkpoint-interval", "1ms")))
        .hasMessageContaining("jobs.checkpoint-interval=1ms: must be between 10ms and 24h");
    assertThatThrownBy(() -> JobsConfig.load(HOME, Map.of("jobs.dedup-horizon", "0s")))
        .hasMessageContaining("jobs.dedup-horizon=0s: must be between 1s and 168h");
  }
}
