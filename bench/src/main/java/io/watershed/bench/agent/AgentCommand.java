package io.watershed.bench.agent;

import static io.watershed.bench.WholeNumber.atLeast;

import io.watershed.bench.WholeNumber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench agent}: the file agent against Apache Flume 1.11 and kcat on the same files ({@link
 * AgentBench}).
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    description = "The file agent against Apache Flume 1.11 (TAILDIR + Kafka sink) and kcat -P -l.")
public final class AgentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The Kafka broker every tool produces to.")
  String bootstrap;

  @Option(names = "--quick", description = "A smoke run: 300,000 lines per size.")
  boolean quick;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "200,1024",
      converter = WholeNumber.class,
      description = "Bytes per line, the newline included (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Option(
      names = "--seconds",
      defaultValue = "22",
      converter = WholeNumber.class,
      description =
          "Size each file so that kcat (the fastest) runs about this long; the lines per second"
              + " expected of it come from its earlier runs on the 2-core VM (default:"
              + " ${DEFAULT-VALUE}).")
  long seconds;

  @Option(
      names = "--lines",
      converter = WholeNumber.class,
      description = "Lines per file instead (every size).")
  Long lines;

  @Option(
      names = "--tools",
      split = ",",
      defaultValue = "agent,flume,kcat",
      description = "The tools to run, in order (default: ${DEFAULT-VALUE}).")
  List<String> tools;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Input files, configs, state and logs (deleted after unless --keep).")
  Path workDirectory = Path.of(System.getProperty("java.io.tmpdir"), "watershed-bench-agent");

  @Option(names = "--agent-jar", paramLabel = "JAR", description = "The collector's jar.")
  Path agentJar = Path.of("collector/target/watershed-collector.jar");

  @Option(
      names = "--agent-jvm",
      paramLabel = "OPTIONS",
      description = "The agent's JVM options (default: a 128 MiB heap, SerialGC).")
  String agentJvm = AgentBenchOptions.AGENT_JVM;

  @Option(
      names = "--agent-config",
      paramLabel = "\"key=value ...\"",
      description = "Extra lines of the agent's config (default: agent.inflight-bytes=8MiB).")
  String agentConfig = AgentBenchOptions.AGENT_CONFIG;

  @Option(names = "--flume-lib", paramLabel = "DIR", description = "Flume's jars.")
  Path flumeLib = Path.of("infra/runtime/flume/target/lib");

  @Option(
      names = "--flume-jvm",
      paramLabel = "OPTIONS",
      description = "Flume's JVM options (default: its own, -Xms100m -Xmx2000m).")
  String flumeJvm = AgentBenchOptions.FLUME_JVM;

  @Option(
      names = "--flume-sinks",
      defaultValue = "1",
      converter = WholeNumber.class,
      description = "Kafka sinks on Flume's channel (default: ${DEFAULT-VALUE}).")
  long flumeSinks;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "600",
      converter = WholeNumber.class,
      description = "How long one tool may take for one file (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Option(names = "--keep", description = "Keep the topics and files (for a look afterwards).")
  boolean keep;

  @Override
  public Integer call() throws Exception {
    return AgentBench.run(options(), spec.commandLine().getOut());
  }

  /** The options, checked; throws IllegalArgumentException naming the bad one. */
  AgentBenchOptions options() {
    Map<Integer, Long> linesPerSize = new LinkedHashMap<>();
    for (long size : sizes) {
      atLeast("--sizes", size, 64);
      if (size > 64 * 1024) {
        throw new IllegalArgumentException(
            "Cannot use --sizes " + size + ": at most 65536 bytes per line");
      }
      long count;
      if (lines != null) {
        count = atLeast("--lines", lines, 1);
      } else if (quick) {
        count = 300_000;
      } else {
        count =
            (long)
                (AgentBenchOptions.expectedKcatLinesPerSecond((int) size)
                    * atLeast("--seconds", seconds, 1));
      }
      linesPerSize.put((int) size, count);
    }
    for (String tool : tools) {
      if (!AgentBenchOptions.TOOLS.contains(tool)) {
        throw new IllegalArgumentException(
            "Cannot use --tools: unknown tool " + tool + ", known " + AgentBenchOptions.TOOLS);
      }
    }
    return new AgentBenchOptions(
        bootstrap,
        linesPerSize,
        List.copyOf(tools),
        workDirectory.toAbsolutePath(),
        agentJar.toAbsolutePath(),
        split(agentJvm),
        split(agentConfig),
        flumeLib.toAbsolutePath(),
        split(flumeJvm),
        (int) atLeast("--flume-sinks", flumeSinks, 1),
        Duration.ofSeconds(atLeast("--timeout-seconds", timeoutSeconds, 10)),
        keep);
  }

  private static List<String> split(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
