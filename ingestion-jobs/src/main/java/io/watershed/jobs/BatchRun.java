package io.watershed.jobs;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.table.api.TableResult;

/** A batch job run to its end, with a line of progress every 15 s while it runs. */
final class BatchRun {
  private BatchRun() {}

  /**
   * Waits for {@code result}'s job.
   *
   * @return the seconds it took
   * @throws Exception the job's failure
   */
  static long await(TableResult result, PrintStream out) throws Exception {
    long start = System.nanoTime();
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "batch-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(
        () ->
            out.printf(
                "  still running, %d s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)),
        15,
        15,
        TimeUnit.SECONDS);
    try {
      result.await();
    } finally {
      ticker.shutdownNow();
    }
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
  }
}
