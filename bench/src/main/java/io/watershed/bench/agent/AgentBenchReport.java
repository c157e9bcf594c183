package io.watershed.bench.agent;

import io.watershed.bench.agent.AgentBench.Measurement;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Prints {@code bench agent}'s table, the agent's ratios to Flume and kcat, and its targets. */
final class AgentBenchReport {
  /** Issue 6: at least 1.3 times Flume's lines/s and 70 % of kcat's. */
  static final double VERSUS_FLUME = 1.3;

  static final double VERSUS_KCAT = 0.7;

  /** Issue 6: CPU seconds per million lines, by line size. */
  static final Map<Integer, Double> CPU_PER_MILLION = Map.of(200, 1.2, 1024, 4.5);

  static final long MAX_RSS_BYTES = 256L * 1024 * 1024;

  private final PrintWriter out;

  AgentBenchReport(PrintWriter out) {
    this.out = out;
  }

  static String progress(Measurement m) {
    return String.format(
        Locale.ROOT,
        "  %-5s %5d B: %,.0f lines/s, %.2f CPU s per million lines, peak RSS %.0f MiB, %,d of %,d"
            + " lines in Kafka (%s), load average %s",
        m.tool(),
        m.lineBytes(),
        m.linesPerSecond(),
        m.cpuSecondsPerMillionLines(),
        m.peakRssBytes() / 1048576.0,
        m.linesInKafka(),
        m.linesWritten(),
        m.outcome(),
        m.loadAverage());
  }

  void print(List<Measurement> results) {
    out.println(
        "| tool | line | lines written | lines in Kafka | start s | steady s | lines/s | MB/s |"
            + " CPU s | CPU s / M lines | peak RSS MiB | saved offset | load |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (Measurement m : results) {
      out.printf(
          Locale.ROOT,
          "| %s | %d B | %,d | %,d | %.1f | %.1f%s | %,.0f | %.1f | %.1f | %.2f | %.0f | %s | %s |%n",
          m.tool(),
          m.lineBytes(),
          m.linesWritten(),
          m.linesInKafka(),
          m.startupSeconds(),
          m.seconds(),
          m.steady() ? "" : " (from start)",
          m.linesPerSecond(),
          m.megabytesPerSecond(),
          m.cpuSeconds(),
          m.cpuSecondsPerMillionLines(),
          m.peakRssBytes() / 1048576.0,
          m.savedOffset(),
          m.loadAverage());
    }
    out.println();
    out.println(
        "start s: process start to the first line in Kafka. steady s, lines/s, MB/s, CPU s: from"
            + " the first line in Kafka to the last (CPU of the process and its children, from"
            + " /proc); peak RSS: the whole run; load: the 1-minute load average at the end (2 cores,"
            + " shared).");
    Map<Integer, Map<String, Measurement>> bySize = new TreeMap<>();
    for (Measurement m : results) {
      bySize.computeIfAbsent(m.lineBytes(), size -> new TreeMap<>()).put(m.tool(), m);
    }
    for (Map.Entry<Integer, Map<String, Measurement>> size : bySize.entrySet()) {
      Measurement agent = size.getValue().get("agent");
      if (agent == null) {
        continue;
      }
      out.printf(Locale.ROOT, "%nAgent, %d B lines:%n", size.getKey());
      Optional.ofNullable(size.getValue().get("flume"))
          .ifPresent(
              flume ->
                  target(
                      "lines/s vs Flume",
                      "%.2fx (%,.0f vs %,.0f)"
                          .formatted(
                              agent.linesPerSecond() / flume.linesPerSecond(),
                              agent.linesPerSecond(),
                              flume.linesPerSecond()),
                      ">= %.1fx".formatted(VERSUS_FLUME),
                      agent.linesPerSecond() >= VERSUS_FLUME * flume.linesPerSecond()));
      Optional.ofNullable(size.getValue().get("kcat"))
          .ifPresent(
              kcat ->
                  target(
                      "lines/s vs kcat",
                      "%.0f %% (%,.0f vs %,.0f)"
                          .formatted(
                              100 * agent.linesPerSecond() / kcat.linesPerSecond(),
                              agent.linesPerSecond(),
                              kcat.linesPerSecond()),
                      ">= %.0f %%".formatted(100 * VERSUS_KCAT),
                      agent.linesPerSecond() >= VERSUS_KCAT * kcat.linesPerSecond()));
      Double cpuTarget = CPU_PER_MILLION.get(size.getKey());
      target(
          "CPU s per million lines",
          "%.2f".formatted(agent.cpuSecondsPerMillionLines())
              + comparison(size.getValue(), "flume")
              + comparison(size.getValue(), "kcat"),
          cpuTarget == null ? "none for this size" : "<= %.1f".formatted(cpuTarget),
          cpuTarget == null ? null : agent.cpuSecondsPerMillionLines() <= cpuTarget);
      target(
          "peak RSS",
          "%.0f MiB".formatted(agent.peakRssBytes() / 1048576.0),
          "<= %d MiB".formatted(MAX_RSS_BYTES / 1048576),
          agent.peakRssBytes() <= MAX_RSS_BYTES);
      target(
          "lines in Kafka",
          "%,d of %,d".formatted(agent.linesInKafka(), agent.linesWritten()),
          "all, no duplicates",
          agent.linesInKafka() == agent.linesWritten());
      target(
          "offset saved on stop",
          agent.savedOffset(),
          "the file's end",
          agent.savedOffset().startsWith("end "));
      if (agent.provenance() != null) {
        target(
            "provenance headers",
            agent.provenance().summary(),
            "on every sampled record",
            agent.provenance().passed());
      }
    }
  }

  private static String comparison(Map<String, Measurement> tools, String name) {
    Measurement other = tools.get(name);
    return other == null
        ? ""
        : String.format(Locale.ROOT, ", %s %.2f", name, other.cpuSecondsPerMillionLines());
  }

  private void target(String what, String value, String goal, Boolean passed) {
    out.printf(
        Locale.ROOT,
        "  %-4s %-24s %s (target %s)%n",
        passed == null ? "-" : passed ? "PASS" : "MISS",
        what,
        value,
        goal);
  }
}
