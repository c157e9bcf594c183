package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.Durations;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two threads of the alerts: one evaluates the rules every {@code monitor.alerts.interval}, one
 * delivers the due firings every second. Neither runs without a Trino (the query API off): there is
 * nothing to evaluate then. Closing stops both; an attempt cut short is sent again later.
 */
public final class AlertWorkers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertWorkers.class);

  /** How often the outbox is looked at for due firings. */
  static final Duration DELIVERY_POLL = Duration.ofSeconds(1);

  private static final long STOP_GRACE_SECONDS = 15;

  private final List<ScheduledExecutorService> executors;
  private final List<Runnable> stops;

  private AlertWorkers(List<ScheduledExecutorService> executors, List<Runnable> stops) {
    this.executors = requireNonNull(executors, "executors is null");
    this.stops = requireNonNull(stops, "stops is null");
  }

  /** Starts evaluating and delivering when the query API is on; else starts nothing. */
  public static AlertWorkers start(
      MonitorDatabase database, QueryService queries, Metrics metrics, AlertSettings settings) {
    if (!queries.enabled()) {
      LOG.info("Alerts off: no monitor.trino.url set, so no window is evaluated");
      return new AlertWorkers(List.of(), List.of());
    }
    Clock clock = Clock.systemUTC();
    AlertEvaluator evaluator =
        new AlertEvaluator(database, queries, metrics, settings, Json.newMapper(), clock);
    AlertDelivery delivery = new AlertDelivery(database, metrics, settings, clock);
    ScheduledExecutorService evaluating = executor("monitor-alerts-evaluator");
    ScheduledExecutorService delivering = executor("monitor-alerts-delivery");
    evaluating.scheduleWithFixedDelay(
        evaluator, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
    delivering.scheduleWithFixedDelay(delivery, 0, DELIVERY_POLL.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "Alerts on: rules evaluated every {} on final windows (a watermark is held {}); webhooks"
            + " get {} attempt(s) of at most {} each",
        Durations.format(settings.interval()),
        Durations.format(settings.settle()),
        settings.deliveryAttempts(),
        Durations.format(settings.deliveryTimeout()));
    return new AlertWorkers(
        List.of(evaluating, delivering), List.of(evaluator::stop, delivery::stop));
  }

  private static ScheduledExecutorService executor(String name) {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread thread = new Thread(task, name);
              thread.setDaemon(true);
              return thread;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    return executor;
  }

  /**
   * Stops both: the run under way ends after its rule or attempt (not interrupted: an interrupt
   * would close the H2 file under a write), within {@value #STOP_GRACE_SECONDS} s or it is
   * interrupted. An attempt cut short is sent again later, with the same firing id.
   */
  @Override
  public void close() {
    stops.forEach(Runnable::run);
    executors.forEach(ScheduledExecutorService::shutdown);
    for (ScheduledExecutorService executor : executors) {
      try {
        if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("Alert worker still busy {} s after it was told to stop", STOP_GRACE_SECONDS);
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
