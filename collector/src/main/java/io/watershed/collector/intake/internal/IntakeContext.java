package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.intake.IntakeConfig;
import io.watershed.collector.internal.Metrics;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of the intake shares. */
final class IntakeContext {
  final IntakeConfig config;
  final ByteBudget budget;
  final Metrics metrics;
  final Metrics.Component counters;
  final BatchSender sender;
  final KafkaHealth health;
  final ExecutorService workers;
  private final AtomicInteger requestsInProgress = new AtomicInteger();
  private volatile boolean stopping;

  IntakeContext(
      IntakeConfig config,
      ByteBudget budget,
      Metrics metrics,
      Metrics.Component counters,
      BatchSender sender,
      KafkaHealth health,
      ExecutorService workers) {
    this.config = requireNonNull(config, "config is null");
    this.budget = requireNonNull(budget, "budget is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.sender = requireNonNull(sender, "sender is null");
    this.health = requireNonNull(health, "health is null");
    this.workers = requireNonNull(workers, "workers is null");
  }

  /** The app whose key this is, or null. */
  String appFor(String key) {
    return config.appKeys().get(key);
  }

  void requestStarted() {
    requestsInProgress.incrementAndGet();
  }

  void requestFinished() {
    requestsInProgress.decrementAndGet();
  }

  int requestsInProgress() {
    return requestsInProgress.get();
  }

  boolean stopping() {
    return stopping;
  }

  void stop() {
    stopping = true;
  }
}
