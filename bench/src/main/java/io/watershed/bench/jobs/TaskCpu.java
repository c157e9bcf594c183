package io.watershed.bench.jobs;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The CPU a job's own threads spend, while it runs on a MiniCluster in this JVM: its task threads
 * ({@code <operators> (1/1)#0}), their Kafka fetchers and producer threads, sampled from the JVM's
 * per-thread CPU clocks every {@value #SAMPLE_MILLIS} ms (a thread's clock is read before it ends,
 * so up to one interval of a thread's last work can be missed). What it leaves out is the job's
 * fixed start: the MiniCluster, planning, code generation and the JIT compiler, which dominate the
 * process's CPU on runs of a few hundred thousand records and hide the cost per record.
 */
final class TaskCpu implements AutoCloseable {
  private static final long SAMPLE_MILLIS = 50;
  private static final Pattern JOB_THREAD =
      Pattern.compile(
          ".*\\(\\d+/\\d+\\)#\\d+|Source Data Fetcher for .*|kafka-producer-network-thread.*");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Set<Long> before = new HashSet<>();
  private final Map<Long, Long> nanos = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "watershed-bench-task-cpu");
            thread.setDaemon(true);
            return thread;
          });

  /** Starts sampling; threads alive now are not the job's. */
  TaskCpu() {
    for (long id : threads.getAllThreadIds()) {
      before.add(id);
    }
    sampler.scheduleAtFixedRate(this::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Whether a thread of this name belongs to a running job. */
  static boolean isJobThread(String name) {
    return JOB_THREAD.matcher(name).matches();
  }

  private void sample() {
    for (long id : threads.getAllThreadIds()) {
      if (before.contains(id)) {
        continue;
      }
      ThreadInfo info = threads.getThreadInfo(id);
      if (info != null && isJobThread(info.getThreadName())) {
        long cpu = threads.getThreadCpuTime(id);
        if (cpu > 0) {
          nanos.merge(id, cpu, Math::max);
        }
      }
    }
  }

  /** The job threads' CPU seconds so far. */
  double seconds() {
    sample();
    return nanos.values().stream().mapToLong(Long::longValue).sum() / 1e9;
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
