package io.watershed.bench.agent;

import io.watershed.bench.agent.BenchTool.Run;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bench agent} (issue 6): the same files into the same broker by our file agent, Apache
 * Flume 1.11 (TAILDIR + Kafka sink) and {@code kcat -P -l}, each as its own process into a fresh
 * topic with 2 partitions and the same producer settings. Samples each process's CPU time and RSS
 * from /proc, stops when the topic's end offsets reach the lines written, and prints a table, the
 * ratios and the targets.
 */
final class AgentBench {
  static final int PARTITIONS = 2;
  private static final long TICK_MILLIS = 100;

  private final AgentBenchOptions options;
  private final PrintWriter out;
  private final Admin admin;

  private AgentBench(AgentBenchOptions options, PrintWriter out, Admin admin) {
    this.options = options;
    this.out = out;
    this.admin = admin;
  }

  /** Runs the bench; returns the exit status (0 also when a target is missed). */
  static int run(AgentBenchOptions options, PrintWriter out) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap()))) {
      List<BenchTool> tools = tools(options, out);
      new AgentBench(options, out, admin).run(tools);
      return 0;
    }
  }

  private static List<BenchTool> tools(AgentBenchOptions options, PrintWriter out)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<BenchTool> tools = new ArrayList<>();
    for (String name : options.tools()) {
      switch (name) {
        case "agent" -> {
          if (!Files.isRegularFile(options.agentJar())) {
            throw new IOException(
                "Cannot find the collector jar "
                    + options.agentJar()
                    + ": mvn -pl collector package");
          }
          tools.add(
              new BenchTool.Agent(
                  java, options.agentJar(), options.agentJvmOptions(), options.agentSettings()));
        }
        case "flume" -> {
          if (!Files.isDirectory(options.flumeLib())) {
            throw new IOException(
                "Cannot find Flume's jars in "
                    + options.flumeLib()
                    + ": mvn -B -q -Pbench -pl infra/runtime/flume package");
          }
          tools.add(
              new BenchTool.Flume(
                  java, options.flumeLib(), options.flumeJvmOptions(), options.flumeSinks()));
        }
        case "kcat" -> tools.add(new BenchTool.Kcat(kcat(out)));
        default -> throw new IllegalArgumentException("unknown tool " + name);
      }
    }
    return tools;
  }

  /** kcat on PATH, else installed with apt-get (Debian package kcat, librdkafka). */
  private static String kcat(PrintWriter out) throws IOException, InterruptedException {
    Optional<Path> found = onPath("kcat");
    if (found.isPresent()) {
      return found.get().toString();
    }
    out.println("kcat is not on PATH: installing it with apt-get install -y kcat");
    List<String> install = List.of("apt-get", "install", "-y", "-q", "kcat");
    if (new ProcessBuilder(install).inheritIO().start().waitFor() != 0) {
      out.println("apt-get install failed: apt-get update, then again");
      new ProcessBuilder("apt-get", "update", "-q").inheritIO().start().waitFor();
      new ProcessBuilder(install).inheritIO().start().waitFor();
    }
    return onPath("kcat")
        .orElseThrow(() -> new IOException("Cannot install kcat: apt-get install -y kcat failed"))
        .toString();
  }

  private static Optional<Path> onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(directory -> !directory.isEmpty())
        .map(directory -> Path.of(directory, command))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private void run(List<BenchTool> tools) throws Exception {
    Files.createDirectories(options.workDirectory());
    String prefix = "ws.bench.agent." + UUID.randomUUID().toString().substring(0, 8);
    out.printf(
        "Agent bench: %s into Kafka %s, a fresh topic of %d partitions per tool and file; producer"
            + " acks=%s, compression %s, linger.ms %d, batch.size %d; agent JVM %s, config %s;"
            + " Flume JVM %s, %d Kafka sink(s); files in %s; load average %s%n%n",
        String.join(", ", options.tools()),
        options.bootstrap(),
        PARTITIONS,
        BenchTool.ACKS,
        BenchTool.COMPRESSION,
        BenchTool.LINGER_MS,
        BenchTool.BATCH_BYTES,
        String.join(" ", options.agentJvmOptions()),
        options.agentSettings().isEmpty() ? "defaults" : String.join(" ", options.agentSettings()),
        String.join(" ", options.flumeJvmOptions()),
        options.flumeSinks(),
        options.workDirectory(),
        loadAverage());
    List<Measurement> results = new ArrayList<>();
    for (Map.Entry<Integer, Long> size : options.lines().entrySet()) {
      int lineBytes = size.getKey();
      long lines = size.getValue();
      Path file = options.workDirectory().resolve("lines-" + lineBytes + ".log");
      long start = System.nanoTime();
      long fileBytes = BenchLines.write(file, lineBytes, lines);
      out.printf(
          Locale.ROOT,
          "wrote and synced %,d lines of %d B (%.2f GB) to %s in %.1f s%n",
          lines,
          lineBytes,
          fileBytes / 1e9,
          file,
          (System.nanoTime() - start) / 1e9);
      try {
        for (BenchTool tool : tools) {
          String topic = prefix + "." + tool.name() + "." + lineBytes;
          Path directory = options.workDirectory().resolve(tool.name() + "-" + lineBytes);
          deleteTree(directory);
          Files.createDirectories(directory);
          Run run = new Run(file, fileBytes, topic, directory, options.bootstrap());
          Measurement measurement = measure(tool, run, lineBytes, lines);
          results.add(measurement);
          out.println(AgentBenchReport.progress(measurement));
        }
      } finally {
        if (!options.keep()) {
          Files.deleteIfExists(file);
        }
      }
    }
    out.println();
    new AgentBenchReport(out).print(results);
    if (!options.keep()) {
      deleteTree(options.workDirectory());
    }
  }

  private Measurement measure(BenchTool tool, Run run, int lineBytes, long lines) throws Exception {
    admin
        .createTopics(List.of(new NewTopic(run.topic(), PARTITIONS, (short) 1)))
        .all()
        .get(30, TimeUnit.SECONDS);
    try {
      Path log = run.directory().resolve(tool.name() + ".log");
      Process process =
          new ProcessBuilder(tool.command(run))
              .directory(run.directory().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long started = System.nanoTime();
      ProcessSampler sampler = new ProcessSampler(process.toHandle());
      long firstNanos = 0;
      long firstLines = 0;
      double firstCpu = 0;
      long doneNanos = 0;
      long doneLines = 0;
      double doneCpu = 0;
      long deadline = started + options.timeout().toNanos();
      String outcome = "all in Kafka";
      while (true) {
        Thread.sleep(TICK_MILLIS);
        boolean alive = process.isAlive();
        double cpu = sampler.sample();
        long inKafka = endOffsets(run.topic());
        long now = System.nanoTime();
        if (firstNanos == 0 && inKafka > 0) {
          firstNanos = now;
          firstLines = inKafka;
          firstCpu = cpu;
        }
        if (inKafka >= lines || !alive || now > deadline) {
          doneNanos = now;
          doneLines = inKafka;
          doneCpu = cpu;
          if (inKafka < lines) {
            outcome =
                alive
                    ? "timed out after %d s".formatted(options.timeout().toSeconds())
                    : "exited with status %d before all lines were in Kafka (log: %s)"
                        .formatted(process.exitValue(), log);
          }
          break;
        }
      }
      stop(tool, process, sampler);
      Thread.sleep(1000); // anything still arriving counts as in Kafka (duplicates show here)
      long finalLines = endOffsets(run.topic());
      String savedOffset = tool.savedOffset(run);
      ProvenanceCheck.Result provenance =
          tool instanceof BenchTool.Agent
              ? ProvenanceCheck.check(run.bootstrap(), run.topic(), PARTITIONS, run.file())
              : null;
      // the steady state: from the first line seen in Kafka to the last; a run too short for
      // that (a quick run) counts from the process's start instead
      boolean steady = firstNanos > 0 && doneNanos - firstNanos >= 2e9 && doneLines > firstLines;
      long windowNanos = steady ? doneNanos - firstNanos : doneNanos - started;
      long windowLines = steady ? doneLines - firstLines : doneLines;
      double windowCpu = steady ? doneCpu - firstCpu : doneCpu;
      return new Measurement(
          tool.name(),
          lineBytes,
          lines,
          finalLines,
          firstNanos > 0 ? (firstNanos - started) / 1e9 : Double.NaN,
          windowNanos / 1e9,
          windowLines,
          windowCpu,
          sampler.sample(),
          sampler.peakRssBytes(),
          steady,
          loadAverage().split(" ")[0],
          outcome,
          savedOffset,
          provenance);
    } finally {
      if (!options.keep()) {
        admin.deleteTopics(List.of(run.topic())).all().get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** kcat ends by itself; the JVMs get SIGTERM (graceful stop, offsets saved), then SIGKILL. */
  private static void stop(BenchTool tool, Process process, ProcessSampler sampler)
      throws InterruptedException {
    if (tool.exitsWhenDone() && process.waitFor(30, TimeUnit.SECONDS)) {
      return;
    }
    sampler.sample();
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private long endOffsets(String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int partition = 0; partition < PARTITIONS; partition++) {
      request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
        .mapToLong(info -> info.offset())
        .sum();
  }

  /** The 1, 5 and 15 minute load averages: the two cores are shared, so say how busy. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /**
   * One tool on one file. Rates and CPU per line cover the steady window, from the first line seen
   * in Kafka to the last (polled every 100 ms); the peak RSS covers the whole run.
   */
  record Measurement(
      String tool,
      int lineBytes,
      long linesWritten,
      long linesInKafka,
      double startupSeconds,
      double seconds,
      long windowLines,
      double cpuSeconds,
      double totalCpuSeconds,
      long peakRssBytes,
      boolean steady,
      String loadAverage,
      String outcome,
      String savedOffset,
      ProvenanceCheck.Result provenance) {
    double linesPerSecond() {
      return windowLines / seconds;
    }

    double megabytesPerSecond() {
      return linesPerSecond() * lineBytes / 1e6;
    }

    double cpuSecondsPerMillionLines() {
      return cpuSeconds / windowLines * 1e6;
    }
  }
}
