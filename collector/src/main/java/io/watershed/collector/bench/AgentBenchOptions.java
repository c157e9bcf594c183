package io.watershed.collector.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code bench-agent}.
 *
 * @param bootstrap the Kafka broker every tool produces to
 * @param lines lines written per line size (bytes per line, the newline included)
 * @param tools the tools to run, in order: {@code agent}, {@code flume}, {@code kcat}
 * @param workDirectory where the input files, configs, state and logs of the runs go
 * @param agentJar the collector's deployable jar
 * @param agentJvmOptions JVM options of the agent's process
 * @param agentSettings extra lines of the agent's config file, {@code key=value}
 * @param flumeLib directory of Flume's jars (infra/runtime/flume/target/lib)
 * @param flumeJvmOptions JVM options of Flume's process
 * @param flumeSinks Kafka sinks on Flume's channel, each its own thread and producer
 * @param timeout how long one tool may take for one file
 * @param keep keep the topics and files (for a look afterwards)
 */
record AgentBenchOptions(
    String bootstrap,
    Map<Integer, Long> lines,
    List<String> tools,
    Path workDirectory,
    Path agentJar,
    List<String> agentJvmOptions,
    List<String> agentSettings,
    Path flumeLib,
    List<String> flumeJvmOptions,
    int flumeSinks,
    Duration timeout,
    boolean keep) {

  /**
   * The agent's JVM: a fixed 128 MiB heap with an 80 MiB young generation (a line's garbage dies
   * young; what lives until Kafka's acknowledgement is small with the config below), SerialGC (no
   * GC threads competing for the two cores, no G1 remembered sets), and capped metaspace, code
   * cache, direct memory and thread stacks, so the process stays under 256 MB.
   */
  static final String AGENT_JVM =
      "-Xms128m -Xmx128m -Xmn80m -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m"
          + " -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m -Xss512k";

  /**
   * Extra lines of the agent's config: 8 MiB of lines in flight (instead of 32) still cover 40 ms
   * of acknowledgements at 200 MB/s, and keep what the heap holds across a young collection small.
   * (With {@code agent.kafka-engine=client}, add {@code kafka.buffer.memory=16777216}: the batch
   * engine has no producer buffer of its own.)
   */
  static final String AGENT_CONFIG = "agent.inflight-bytes=8MiB";

  /** Flume's own bin/flume-env.sh.template: {@code JAVA_OPTS="-Xms100m -Xmx2000m"}. */
  static final String FLUME_JVM = "-Xms100m -Xmx2000m";

  static final List<String> TOOLS = List.of("agent", "flume", "kcat");

  static final String USAGE =
      """
      usage: bench-agent --bootstrap HOST:PORT [--quick] [--sizes 200,1024] [--seconds 22]
                         [--lines N] [--tools agent,flume,kcat] [--work-dir DIR]
                         [--agent-jar JAR] [--agent-jvm "OPTIONS"]
                         [--agent-config "key=value ..."] [--flume-lib DIR]
                         [--flume-jvm "OPTIONS"] [--flume-sinks 1] [--timeout-seconds 600]
                         [--keep]
        --sizes     bytes per line, the newline included
        --seconds   size each file so that kcat (the fastest) runs about this long; the lines
                    per second expected of it come from its earlier runs on the 2-core VM
        --lines     lines per file instead (every size)
        --quick     a smoke run: 300,000 lines per size
      """;

  static AgentBenchOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    boolean quick = false;
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--keep" -> keep = true;
        default -> {
          if (!args[i].startsWith("--") || i + 1 >= args.length) {
            throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
          }
          values.put(args[i].substring(2), args[++i]);
        }
      }
    }
    String bootstrap = values.remove("bootstrap");
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
    }
    List<Integer> sizes = new ArrayList<>();
    for (String size : values.getOrDefault("sizes", "200,1024").split(",")) {
      int bytes = (int) number("sizes", size.trim(), 64);
      if (bytes > 64 * 1024) {
        throw new IllegalArgumentException("--sizes " + size + ": at most 65536 bytes per line");
      }
      sizes.add(bytes);
    }
    values.remove("sizes");
    long seconds = number("seconds", values.getOrDefault("seconds", "22"), 1);
    values.remove("seconds");
    String fixedLines = values.remove("lines");
    Map<Integer, Long> lines = new LinkedHashMap<>();
    for (int size : sizes) {
      long count;
      if (fixedLines != null) {
        count = number("lines", fixedLines, 1);
      } else if (quick) {
        count = 300_000;
      } else {
        count = (long) (expectedKcatLinesPerSecond(size) * seconds);
      }
      lines.put(size, count);
    }
    List<String> tools = Arrays.asList(values.getOrDefault("tools", "agent,flume,kcat").split(","));
    values.remove("tools");
    for (String tool : tools) {
      if (!TOOLS.contains(tool)) {
        throw new IllegalArgumentException("--tools: unknown tool " + tool + ", known " + TOOLS);
      }
    }
    Path workDirectory =
        Path.of(
            values.getOrDefault(
                "work-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "watershed-bench-agent").toString()));
    values.remove("work-dir");
    String agentJar = values.remove("agent-jar");
    AgentBenchOptions options =
        new AgentBenchOptions(
            bootstrap,
            lines,
            List.copyOf(tools),
            workDirectory.toAbsolutePath(),
            agentJar == null ? ownJar() : Path.of(agentJar).toAbsolutePath(),
            split(values.getOrDefault("agent-jvm", AGENT_JVM)),
            split(values.getOrDefault("agent-config", AGENT_CONFIG)),
            Path.of(values.getOrDefault("flume-lib", "infra/runtime/flume/target/lib"))
                .toAbsolutePath(),
            split(values.getOrDefault("flume-jvm", FLUME_JVM)),
            (int) number("flume-sinks", values.getOrDefault("flume-sinks", "1"), 1),
            Duration.ofSeconds(
                number("timeout-seconds", values.getOrDefault("timeout-seconds", "600"), 10)),
            keep);
    values
        .keySet()
        .removeAll(
            List.of(
                "agent-jvm",
                "agent-config",
                "flume-lib",
                "flume-jvm",
                "flume-sinks",
                "timeout-seconds"));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet());
    }
    return options;
  }

  /**
   * kcat's lines per second measured earlier on the 2-core VM, 1.28M at 200 B and 289K at 1 KiB, as
   * a fixed cost per line plus a cost per byte in between and beyond.
   */
  static double expectedKcatLinesPerSecond(int lineBytes) {
    double microsAt200 = 1e6 / 1_280_000;
    double microsAt1024 = 1e6 / 289_000;
    double perByte = (microsAt1024 - microsAt200) / (1024 - 200);
    double fixed = microsAt200 - 200 * perByte;
    return 1e6 / (fixed + perByte * lineBytes);
  }

  private static Path ownJar() {
    try {
      Path location =
          Path.of(AgentBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (location.toString().endsWith(".jar")) {
        return location;
      }
    } catch (Exception e) {
      throw new IllegalArgumentException("Cannot find the collector jar: " + e.getMessage(), e);
    }
    return Path.of("collector/target/watershed-collector.jar").toAbsolutePath();
  }

  private static List<String> split(String options) {
    return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static long number(String name, String value, long min) {
    try {
      long number = Long.parseLong(value.replace("_", ""));
      if (number < min) {
        throw new IllegalArgumentException(
            "--%s %s: must be at least %d".formatted(name, value, min));
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--%s %s: must be an integer".formatted(name, value), e);
    }
  }
}
