package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.kit.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StackConfigTest {
  private static final Path HOME = Path.of("/opt/watershed");

  @Test
  void defaults() {
    StackConfig config = StackConfig.defaults(HOME);
    assertThat(config.home()).isEqualTo(HOME);
    assertThat(config.varDir()).isEqualTo(HOME.resolve("var"));
    assertThat(config.cacheDir())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "watershed"));
    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.kafkaPort()).isEqualTo(9092);
    assertThat(config.kafkaControllerPort()).isEqualTo(9093);
    assertThat(config.hdfsPort()).isEqualTo(9000);
    assertThat(config.hdfsHttpPort()).isEqualTo(9870);
    assertThat(config.hdfsDatanodePort()).isEqualTo(9866);
    assertThat(config.hdfsDatanodeHttpPort()).isEqualTo(9864);
    assertThat(config.hdfsDatanodeIpcPort()).isEqualTo(9867);
    assertThat(config.catalogPort()).isEqualTo(8181);
    assertThat(config.flinkRestPort()).isEqualTo(8081);
    assertThat(config.flinkRpcPort()).isEqualTo(6123);
    assertThat(config.flinkTaskSlots()).isEqualTo(8);
    assertThat(config.flinkTaskManagerMemory()).isEqualTo("2048m");
    assertThat(config.gatewayPort()).isEqualTo(8083);
    assertThat(config.gatewayUri()).isEqualTo("http://127.0.0.1:8083");
    assertThat(config.udfsUri()).isEqualTo("hdfs://127.0.0.1:9000/watershed/udfs");
    assertThat(config.trinoPort()).isEqualTo(8080);
    assertThat(config.monitorPort()).isEqualTo(8070);
    assertThat(config.intakePort()).isEqualTo(8090);
    assertThat(config.agentPort()).isEqualTo(8091);
    assertThat(config.trinoJavaHome()).isEmpty();
    assertThat(config.trinoHeap()).isEqualTo("2048m");
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.upkeepInterval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.startTimeout()).isEqualTo(Duration.ofMinutes(4));
    assertThat(config.warehouse()).isEqualTo("hdfs://127.0.0.1:9000/watershed/warehouse");
    assertThat(config.catalogUri()).isEqualTo("http://127.0.0.1:8181");
    assertThat(config.monitorTopic()).isEqualTo("ws.monitor");
  }

  @Test
  void theMonitorReadsTheMonitoringQueueTheJobsWrite() {
    StackConfig config = StackConfig.load(HOME, Map.of("jobs.topic-monitor", "test.monitor"));
    assertThat(config.monitorTopic()).isEqualTo("test.monitor");
  }

  @Test
  void explicitMappings() {
    Map<String, String> settings =
        Map.ofEntries(
            Map.entry("stack.var-dir", "/data/ws"),
            Map.entry("stack.cache-dir", "/cache"),
            Map.entry("stack.host", "127.0.0.2"),
            Map.entry("stack.kafka-port", "19092"),
            Map.entry("stack.kafka-controller-port", "19093"),
            Map.entry("stack.hdfs-port", "19000"),
            Map.entry("stack.hdfs-http-port", "19870"),
            Map.entry("stack.hdfs-datanode-port", "19866"),
            Map.entry("stack.hdfs-datanode-http-port", "19864"),
            Map.entry("stack.hdfs-datanode-ipc-port", "19867"),
            Map.entry("stack.catalog-port", "18181"),
            Map.entry("stack.flink-rest-port", "18081"),
            Map.entry("stack.flink-rpc-port", "16123"),
            Map.entry("stack.flink-task-slots", "2"),
            Map.entry("stack.flink-taskmanager-memory", "1GiB"),
            Map.entry("stack.gateway-port", "18083"),
            Map.entry("stack.trino-port", "18080"),
            Map.entry("stack.monitor-port", "18070"),
            Map.entry("stack.intake-port", "18090"),
            Map.entry("stack.agent-port", "18091"),
            Map.entry("stack.trino-java-home", "/jdk25"),
            Map.entry("stack.trino-heap", "1536MiB"),
            Map.entry("stack.checkpoint-interval", "5s"),
            Map.entry("stack.upkeep-interval", "0s"),
            Map.entry("stack.start-timeout", "60s"),
            Map.entry("jobs.watermark-delay", "5s"));
    assertThat(settings).hasSize(StackKeys.ALL.size() + 1);
    StackConfig config = StackConfig.load(HOME, settings);
    assertThat(config.jobSettings()).isEqualTo(Map.of("jobs.watermark-delay", "5s"));
    assertThat(config.varDir()).isEqualTo(Path.of("/data/ws"));
    assertThat(config.cacheDir()).isEqualTo(Path.of("/cache"));
    assertThat(config.host()).isEqualTo("127.0.0.2");
    assertThat(config.kafkaPort()).isEqualTo(19092);
    assertThat(config.kafkaControllerPort()).isEqualTo(19093);
    assertThat(config.hdfsPort()).isEqualTo(19000);
    assertThat(config.hdfsHttpPort()).isEqualTo(19870);
    assertThat(config.hdfsDatanodePort()).isEqualTo(19866);
    assertThat(config.hdfsDatanodeHttpPort()).isEqualTo(19864);
    assertThat(config.hdfsDatanodeIpcPort()).isEqualTo(19867);
    assertThat(config.catalogPort()).isEqualTo(18181);
    assertThat(config.flinkRestPort()).isEqualTo(18081);
    assertThat(config.flinkRpcPort()).isEqualTo(16123);
    assertThat(config.flinkTaskSlots()).isEqualTo(2);
    assertThat(config.flinkTaskManagerMemory()).isEqualTo("1024m");
    assertThat(config.gatewayPort()).isEqualTo(18083);
    assertThat(config.trinoPort()).isEqualTo(18080);
    assertThat(config.monitorPort()).isEqualTo(18070);
    assertThat(config.intakePort()).isEqualTo(18090);
    assertThat(config.agentPort()).isEqualTo(18091);
    assertThat(config.trinoJavaHome()).isEqualTo(Optional.of(Path.of("/jdk25")));
    assertThat(config.trinoHeap()).isEqualTo("1536m");
    assertThat(config.checkpointInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.upkeepInterval()).isZero();
    assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void reportsEveryErrorAtOnce() {
    Map<String, String> settings =
        Map.of(
            "stack.kafka-port", "ninety",
            "stack.trino-port", "70000",
            "stack.trino-heap", "2G",
            "stack.catalog-port", "9093",
            "stack.no-such-key", "x");
    assertThatThrownBy(() -> StackConfig.load(HOME, settings))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.errors()).hasSize(5);
              assertThat(e.getMessage())
                  .startsWith("Cannot load stack config settings: 5 error(s)")
                  .contains("Cannot use stack.no-such-key=x: unknown key")
                  .contains("Cannot use stack.kafka-port=ninety")
                  .contains("Cannot use stack.trino-port=70000")
                  .contains("Cannot use stack.trino-heap=2G")
                  .contains(
                      "Cannot use stack.catalog-port=9093: the port is already"
                          + " stack.kafka-controller-port's");
            });
  }

  @Test
  void keysAreDeclaredOnceAndDocumented() {
    assertThat(StackKeys.reference())
        .contains("| `stack.trino-heap` | size | `2GiB` |")
        .contains("| `stack.checkpoint-interval` | duration | `30s` |")
        .contains("| `stack.upkeep-interval` | duration | `10m` |")
        .contains("`jobs.*`");
  }
}
