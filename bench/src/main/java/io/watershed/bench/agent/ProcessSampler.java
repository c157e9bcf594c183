package io.watershed.bench.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the CPU time and resident memory of a process and all its descendants from {@code /proc}:
 * user + system time of each (plus the children they already waited for), and the sum of their
 * {@code VmRSS}; the peak is the largest sum seen, or the root's own {@code VmHWM} when larger.
 */
final class ProcessSampler {
  private final ProcessHandle root;
  private final double ticksPerSecond;
  private long peakRssBytes;
  private double lastCpuSeconds;

  ProcessSampler(ProcessHandle root) {
    this.root = root;
    this.ticksPerSecond = clockTicks();
  }

  /** CPU seconds of the process tree so far; the last value once the process is gone. */
  double sample() {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    long ticks = 0;
    long rss = 0;
    boolean rootSeen = false;
    for (ProcessHandle process : tree) {
      String stat = read(process.pid(), "stat");
      if (stat == null) {
        continue;
      }
      // fields after "(comm)": state ppid ... utime(14) stime(15) cutime(16) cstime(17)
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      for (int field = 14; field <= 17; field++) {
        ticks += Long.parseLong(fields[field - 3]);
      }
      String status = read(process.pid(), "status");
      if (status != null) {
        rss += kilobytes(status, "VmRSS:") * 1024;
        if (process.equals(root)) {
          rootSeen = true;
          peakRssBytes = Math.max(peakRssBytes, kilobytes(status, "VmHWM:") * 1024);
        }
      }
    }
    if (rootSeen) {
      peakRssBytes = Math.max(peakRssBytes, rss);
      lastCpuSeconds = Math.max(lastCpuSeconds, ticks / ticksPerSecond);
    }
    return lastCpuSeconds;
  }

  long peakRssBytes() {
    return peakRssBytes;
  }

  private static String read(long pid, String name) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), name), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null; // the process ended between listing and reading
    }
  }

  private static long kilobytes(String status, String field) {
    int start = status.indexOf(field);
    if (start < 0) {
      return 0;
    }
    int end = status.indexOf('\n', start);
    String value = status.substring(start + field.length(), end < 0 ? status.length() : end);
    return Long.parseLong(value.replace("kB", "").trim());
  }

  /** {@code getconf CLK_TCK}; 100 on every Linux this runs on when it cannot be asked. */
  private static double clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String output = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
        return Double.parseDouble(output.trim());
      }
    } catch (IOException | NumberFormatException e) {
      // fall through to the default
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 100;
  }
}
