package io.watershed.bench.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskCpuTest {
  @Test
  void jobThreadsAreToldByTheirNames() {
    assertThat(TaskCpu.isJobThread("Source: bench_source[1] -> Sink: bench_sink[2] (1/1)#0"))
        .isTrue();
    assertThat(TaskCpu.isJobThread("GlobalWindowAggregate[12] -> Calc[13] (1/1)#0")).isTrue();
    assertThat(TaskCpu.isJobThread("Source Data Fetcher for Source: bench_source[1] (1/1)#0"))
        .isTrue();
    assertThat(TaskCpu.isJobThread("kafka-producer-network-thread | producer-7")).isTrue();
    assertThat(TaskCpu.isJobThread("flink-pekko.actor.default-dispatcher-5")).isFalse();
    assertThat(TaskCpu.isJobThread("C2 CompilerThread0")).isFalse();
    assertThat(TaskCpu.isJobThread("main")).isFalse();
  }

  @Test
  void aBusyJobThreadIsCountedAndOthersNot() throws Exception {
    try (TaskCpu cpu = new TaskCpu()) {
      Thread job = new Thread(TaskCpuTest::spin, "Busy[1] (1/1)#0");
      Thread other = new Thread(TaskCpuTest::spin, "not-a-job-thread");
      job.start();
      other.start();
      job.join();
      double counted = cpu.seconds();
      other.join();
      // One spin is about 0.3 CPU s; only one of the two is the job's, and a sample may miss 50 ms.
      assertThat(counted).isBetween(0.15, 0.45);
    }
  }

  private static void spin() {
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    long until = bean.getCurrentThreadCpuTime() + 300_000_000L;
    long sink = 0;
    while (bean.getCurrentThreadCpuTime() < until) {
      sink += System.nanoTime() % 7;
    }
    if (sink == 42) {
      System.out.print("");
    }
  }
}
