package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobsConfigTest {
  private static final Path HOME = Path.of("/opt/watershed");

  @Test
  void defaults() {
    JobsConfig config = JobsConfig.load(HOME, Map.of());
    assertThat(config.sqlDirectory()).isEqualTo(HOME.resolve("sql"));
    assertThat(config.jobJar())
        .isEqualTo(HOME.resolve("ingestion-jobs/target/watershed-ingestion-jobs.jar"));
    assertThat(config.kafkaBootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(config.catalogUri()).isEqualTo("http://127.0.0.1:8181");
    assertThat(config.flinkRestAddress()).isEqualTo("127.0.0.1");
    assertThat(config.flinkRestPort()).isEqualTo(8081);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.checkpointInterval("ubc_clean")).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.checkpointInterval("ubc_windows")).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.parallelism()).isEqualTo(1);
    assertThat(config.topicRawPattern()).isEqualTo("ws\\.raw\\..*");
    assertThat(config.topicRawUbc()).isEqualTo("ws.raw.ubc");
    assertThat(config.topicCleanUbc()).isEqualTo("ws.clean.ubc");
    assertThat(config.consumerGroupPrefix()).isEqualTo("watershed");
    assertThat(config.scanBoundedMode()).isEqualTo("unbounded");
    assertThat(config.flinkSettings()).isEmpty();
    assertThat(config.topicMonitor()).isEqualTo("ws.monitor");
    assertThat(config.rulesToken()).isEmpty();
    assertThat(config.watermarkDelay()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.dedupHorizon()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.stateDirectory())
        .isEqualTo(HOME.resolve("var/jobs/state").toUri().toString());
    assertThat(config.jobName("ubc_clean")).isEqualTo("watershed-ubc_clean");
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
            Map.entry("jobs.checkpoint-interval", "2min"),
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
            Map.entry("flink.state.backend.type", "rocksdb"));
    assertThat(settings).hasSize(JobsConfig.Key.values().length + 1);
    JobsConfig config = JobsConfig.load(HOME, settings);
    assertThat(config.sqlDirectory()).isEqualTo(Path.of("/srv/sql"));
    assertThat(config.jobJar()).isEqualTo(Path.of("/srv/jobs.jar"));
    assertThat(config.kafkaBootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(config.catalogUri()).isEqualTo("http://catalog:8181");
    assertThat(config.catalogProperties())
        .isEqualTo(Map.of("uri", "http://catalog:8181", "token", "catalog-secret-token"));
    assertThat(config.sqlVariables("ubc_clean"))
        .containsEntry("catalog.auth", ",\n  'token' = 'catalog-secret-token'");
    assertThat(config.toString()).doesNotContain("catalog-secret-token");
    assertThat(config.flinkRestAddress()).isEqualTo("jm");
    assertThat(config.flinkRestPort()).isEqualTo(18081);
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.checkpointInterval("raw_to_lake")).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.checkpointInterval("ubc_windows")).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.parallelism()).isEqualTo(4);
    assertThat(config.topicRawPattern()).isEqualTo("raw\\..*");
    assertThat(config.topicRawUbc()).isEqualTo("raw.ubc");
    assertThat(config.topicCleanUbc()).isEqualTo("clean.ubc");
    assertThat(config.consumerGroupPrefix()).isEqualTo("prod");
    assertThat(config.scanBoundedMode()).isEqualTo("latest-offset");
    assertThat(config.flinkSettings()).isEqualTo(Map.of("state.backend.type", "rocksdb"));
    assertThat(config.dedupHorizon()).isEqualTo(Duration.ofHours(1));
    assertThat(config.stateDirectory()).isEqualTo("hdfs://nn:9000/watershed/flink");
    assertThat(config.topicMonitor()).isEqualTo("mon");
    assertThat(config.rulesUrl()).isEqualTo("http://monitor:8070");
    assertThat(config.rulesInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.toString()).doesNotContain("secret-agent-token").contains("****");
    assertThat(config.jobName("ubc_windows")).isEqualTo("prod-ubc_windows");
    assertThat(config.sqlVariables("ubc_clean"))
        .containsEntry("group.id", "prod-ubc_clean")
        .containsEntry("job.name", "prod-ubc_clean")
        .containsEntry("scan.bounded-mode", "latest-offset")
        .containsEntry("topic.monitor", "mon")
        .containsEntry("watermark.delay", "0 00:00:01.500");
    assertThat(config.with(Map.of("jobs.parallelism", "2")).parallelism()).isEqualTo(2);
    assertThat(config.with(Map.of("jobs.parallelism", "2")).topicMonitor()).isEqualTo("mon");
  }

  @Test
  void reportsEveryErrorAtOnce() {
    assertThatThrownBy(
            () ->
                JobsConfig.load(
                    HOME,
                    Map.of(
                        "jobs.flink-rest-port", "x",
                        "jobs.checkpoint-interval", "soon",
                        "jobs.scan-bounded-mode", "never",
                        "jobs.catalog-uri", "",
                        "jobs.nope", "1")))
        .hasMessageStartingWith("Cannot load jobs config: 5 errors")
        .hasMessageContaining("Unknown key 'jobs.nope' (value '1')")
        .hasMessageContaining("Invalid value 'x' for key 'jobs.flink-rest-port': not an integer")
        .hasMessageContaining("Invalid value 'soon' for key 'jobs.checkpoint-interval'")
        .hasMessageContaining("Invalid value 'never' for key 'jobs.scan-bounded-mode'")
        .hasMessageContaining("Invalid value '' for key 'jobs.catalog-uri': must not be empty");
  }
}
