package io.watershed.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgentBenchOptionsTest {
  private static AgentBenchOptions parse(String... args) {
    AgentCommand command = new AgentCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  @Test
  void defaultsSizeEachFileForAboutTwentyTwoSecondsOfKcat() {
    AgentBenchOptions options = parse("--bootstrap", "h:1");

    assertThat(options.bootstrap()).isEqualTo("h:1");
    assertThat(options.lines())
        .containsExactly(Map.entry(200, 28_160_000L), Map.entry(1024, 6_358_000L));
    assertThat(options.tools()).containsExactly("agent", "flume", "kcat");
    assertThat(options.agentJar().getFileName()).hasToString("watershed-collector.jar");
    assertThat(options.agentJvmOptions()).contains("-Xmx128m", "-XX:+UseSerialGC");
    assertThat(options.agentSettings()).containsExactly("agent.inflight-bytes=8MiB");
    assertThat(options.flumeJvmOptions()).containsExactly("-Xms100m", "-Xmx2000m");
    assertThat(options.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(options.keep()).isFalse();
  }

  @Test
  void quickAndExplicitLines() {
    assertThat(parse("--bootstrap", "h:1", "--quick", "--keep").lines())
        .containsExactly(Map.entry(200, 300_000L), Map.entry(1024, 300_000L));
    AgentBenchOptions options =
        parse(
            "--bootstrap",
            "h:1",
            "--sizes",
            "512",
            "--lines",
            "1_000",
            "--tools",
            "kcat,agent",
            "--agent-config",
            "agent.read-buffer-bytes=1MiB");
    assertThat(options.lines()).containsExactly(Map.entry(512, 1_000L));
    assertThat(options.tools()).containsExactly("kcat", "agent");
    assertThat(options.agentSettings()).isEqualTo(List.of("agent.read-buffer-bytes=1MiB"));
  }

  @Test
  void refusesBadOptions() {
    assertThatThrownBy(() -> parse("--lines", "5")).hasMessageContaining("--bootstrap");
    assertThatThrownBy(() -> parse("--bootstrap", "h:1", "--tools", "fluentd"))
        .hasMessageContaining("unknown tool fluentd");
    assertThatThrownBy(() -> parse("--bootstrap", "h:1", "--colour", "red"))
        .hasMessageContaining("Unknown options: '--colour', 'red'");
    assertThatThrownBy(() -> parse("--bootstrap", "h:1", "--sizes", "32"))
        .hasMessage("Cannot use --sizes 32: must be at least 64");
    assertThatThrownBy(() -> parse("--bootstrap", "h:1", "--lines", "many"))
        .hasMessageContaining("'many' is not a whole number");
  }
}
