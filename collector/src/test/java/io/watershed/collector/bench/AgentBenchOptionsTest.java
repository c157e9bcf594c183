package io.watershed.collector.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentBenchOptionsTest {
  @Test
  void defaultsSizeEachFileForAboutTwentyTwoSecondsOfKcat() {
    AgentBenchOptions options = AgentBenchOptions.parse(new String[] {"--bootstrap", "h:1"});

    assertThat(options.bootstrap()).isEqualTo("h:1");
    assertThat(options.lines())
        .containsExactly(Map.entry(200, 28_160_000L), Map.entry(1024, 6_358_000L));
    assertThat(options.tools()).containsExactly("agent", "flume", "kcat");
    assertThat(options.agentJvmOptions()).contains("-Xmx128m", "-XX:+UseSerialGC");
    assertThat(options.agentSettings()).containsExactly("agent.inflight-bytes=8MiB");
    assertThat(options.flumeJvmOptions()).containsExactly("-Xms100m", "-Xmx2000m");
    assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(options.keep()).isFalse();
  }

  @Test
  void quickAndExplicitLines() {
    assertThat(
            AgentBenchOptions.parse(new String[] {"--bootstrap", "h:1", "--quick", "--keep"})
                .lines())
        .containsExactly(Map.entry(200, 300_000L), Map.entry(1024, 300_000L));
    AgentBenchOptions options =
        AgentBenchOptions.parse(
            new String[] {
              "--bootstrap",
              "h:1",
              "--sizes",
              "512",
              "--lines",
              "1_000",
              "--tools",
              "kcat,agent",
              "--agent-config",
              "agent.read-buffer-bytes=1MiB"
            });
    assertThat(options.lines()).containsExactly(Map.entry(512, 1_000L));
    assertThat(options.tools()).containsExactly("kcat", "agent");
    assertThat(options.agentSettings()).isEqualTo(List.of("agent.read-buffer-bytes=1MiB"));
  }

  @Test
  void refusesBadOptions() {
    assertThatThrownBy(() -> AgentBenchOptions.parse(new String[] {"--lines", "5"}))
        .hasMessageContaining("--bootstrap");
    assertThatThrownBy(
            () ->
                AgentBenchOptions.parse(new String[] {"--bootstrap", "h:1", "--tools", "fluentd"}))
        .hasMessageContaining("unknown tool fluentd");
    assertThatThrownBy(
            () -> AgentBenchOptions.parse(new String[] {"--bootstrap", "h:1", "--colour", "red"}))
        .hasMessageContaining("unknown options [colour]");
  }
}
