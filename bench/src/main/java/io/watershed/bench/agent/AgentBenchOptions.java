package io.watershed.bench.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench agent} runs ({@link AgentCommand} reads it from the command line).
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
}
