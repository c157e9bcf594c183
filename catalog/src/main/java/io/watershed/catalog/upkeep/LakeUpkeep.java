package io.watershed.catalog.upkeep;

import static java.util.Objects.requireNonNull;

import io.watershed.catalog.upkeep.UpkeepReports.RoundReport;
import io.watershed.catalog.upkeep.UpkeepReports.TableReport;
import io.watershed.kit.metrics.ServiceMetrics;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.UnprocessableEntityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lake upkeep in the catalog process: rounds over the lake tables, one at a time on one thread, on
 * a schedule when enabled and on demand. Per table, in order: retention (Iceberg core, here), then
 * compaction, manifest rewrite, snapshot expiry and orphan removal (Trino's table procedures). A
 * step that loses a commit race is retried with backoff, then left to the next round; nothing
 * upkeep meets ever stops the catalog. Health is read after each table and on demand.
 */
public final class LakeUpkeep implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LakeUpkeep.class);
  private static final int KEPT_ROUNDS = 20;
  private static final int MAX_WAITING = 10;
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);

  private final Catalog catalog;
  private final UpkeepSettings settings;
  private final Optional<TrinoProcedures> trino;
  private final UpkeepMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Map<String, RoundReport> rounds = new LinkedHashMap<>();

  private LakeUpkeep(
      Catalog catalog,
      UpkeepSettings settings,
      Optional<TrinoProcedures> trino,
      UpkeepMetrics metrics,
      Clock clock,
      ScheduledExecutorService executor) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.trino = requireNonNull(trino, "trino is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.executor = requireNonNull(executor, "executor is null");
  }

  /**
   * Starts upkeep over {@code catalog}'s lake tables: reads their health once, then runs a round
   * every {@code settings.interval()} when {@code settings.enabled()}.
   */
  public static LakeUpkeep start(Catalog catalog, UpkeepSettings settings, ServiceMetrics metrics) {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "lake-upkeep");
              thread.setDaemon(true);
              return thread;
            });
    LakeUpkeep upkeep =
        new LakeUpkeep(
            catalog,
            settings,
            settings.trinoConfigured()
                ? Optional.of(TrinoProcedures.of(settings))
                : Optional.empty(),
            new UpkeepMetrics(metrics.registry()),
            Clock.systemUTC(),
            executor);
    executor.execute(upkeep::refreshHealth);
    if (settings.enabled()) {
      long interval = settings.interval().toMillis();
      executor.scheduleWithFixedDelay(
          () -> upkeep.runRound(upkeep.queue(Optional.empty()), Optional.empty(), Optional.empty()),
          interval,
          interval,
          TimeUnit.MILLISECONDS);
      LOG.info(
          "Lake upkeep every {} (Trino steps {})",
          Ages.format(settings.interval()),
          settings.trinoConfigured() ? "on" : "off: no catalog.upkeep.trino-url");
    }
    return upkeep;
  }

  /** Upkeep without Trino whose rounds run on {@code executor} (tests hold it to queue rounds). */
  static LakeUpkeep withoutTrino(
      Catalog catalog, UpkeepSettings settings, ScheduledExecutorService executor) {
    return new LakeUpkeep(
        catalog,
        settings,
        Optional.empty(),
        new UpkeepMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry()),
        Clock.systemUTC(),
        executor);
  }

  /** The health of one lake table, or of all of them; updates the gauges too. */
  public List<TableHealth> health(Optional<TableIdentifier> table) {
    List<TableHealth> healths = new ArrayList<>();
    for (TablePolicy policy : policies(table)) {
      if (table.isEmpty() && !catalog.tableExists(policy.table())) {
        continue; // not created (catalog.init-lake-tables=false): nothing to read
      }
      TableHealth health = LakeHealth.of(policy.table().toString(), load(policy.table()));
      metrics.health(health);
      healths.add(health);
    }
    return List.copyOf(healths);
  }

  /**
   * Queues a round over one lake table or all of them, run after any round in progress.
   *
   * @param snapshotRetention expire snapshots older than this in this round instead of the
   *     configured age
   * @return the queued round; {@link #round} follows it
   */
  public RoundReport submit(Optional<TableIdentifier> table, Optional<Duration> snapshotRetention) {
    policies(table); // refuses an unknown table before anything is queued
    snapshotRetention.ifPresent(
        age -> {
          if (age.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                "Cannot expire snapshots younger than 1m: got " + Ages.format(age));
          }
        });
    RoundReport queued;
    synchronized (rounds) {
      String scope = table.map(TableIdentifier::toString).orElse("all");
      List<RoundReport> waiting =
          rounds.values().stream().filter(r -> r.status().equals(RoundReport.QUEUED)).toList();
      // A client asking again (or many at once) joins the round already waiting for the same
      // tables, and the queue stays bounded: the rounds run one at a time.
      Optional<RoundReport> same =
          waiting.stream().filter(r -> r.scope().equals(scope)).findFirst();
      if (same.isPresent() && snapshotRetention.isEmpty()) {
        return same.get();
      }
      if (waiting.size() >= MAX_WAITING) {
        throw new UnprocessableEntityException(
            "Cannot queue an upkeep round: %d rounds are waiting already; ask again when they are"
                + " done",
            waiting.size());
      }
      queued = queue(table);
    }
    try {
      executor.execute(() -> runRound(queued, table, snapshotRetention));
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("Cannot queue an upkeep round: the catalog is stopping", e);
    }
    return queued;
  }

  /** A round queued, running or finished (the last 20 are kept). */
  public Optional<RoundReport> round(String id) {
    synchronized (rounds) {
      return Optional.ofNullable(rounds.get(id));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("Lake upkeep still running after 10s; its statements end with their timeout");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RoundReport queue(Optional<TableIdentifier> table) {
    RoundReport report =
        new RoundReport(
            UUID.randomUUID().toString().substring(0, 12),
            RoundReport.QUEUED,
            table.map(TableIdentifier::toString).orElse("all"),
            clock.instant().toString(),
            "",
            List.of());
    record(report);
    return report;
  }

  private void record(RoundReport report) {
    synchronized (rounds) {
      rounds.put(report.id(), report);
      while (rounds.size() > KEPT_ROUNDS) {
        rounds.remove(rounds.keySet().iterator().next());
      }
    }
  }

  /** Runs one round; never throws. */
  RoundReport runRound(
      RoundReport queued, Optional<TableIdentifier> table, Optional<Duration> snapshotRetention) {
    List<TableReport> done = new ArrayList<>();
    record(withTables(queued, RoundReport.RUNNING, done, ""));
    try {
      boolean trinoUp = trinoReachable();
      for (TablePolicy policy : policies(table)) {
        if (Thread.currentThread().isInterrupted()) {
          break;
        }
        if (!catalog.tableExists(policy.table())) {
          LOG.info("Upkeep skips table {}: it does not exist", policy.table());
          continue;
        }
        TablePolicy effective = snapshotRetention.map(policy::withSnapshotRetention).orElse(policy);
        done.add(new TableSteps(this, effective, trinoUp).run());
        record(withTables(queued, RoundReport.RUNNING, done, ""));
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Cannot finish upkeep round {}: {}", queued.id(), e.toString());
    }
    RoundReport finished =
        withTables(queued, RoundReport.FINISHED, done, clock.instant().toString());
    record(finished);
    LOG.info("Upkeep round {} over {} finished: {}", queued.id(), queued.scope(), summary(done));
    return finished;
  }

  private static RoundReport withTables(
      RoundReport round, String status, List<TableReport> tables, String finishedAt) {
    return new RoundReport(
        round.id(), status, round.scope(), round.queuedAt(), finishedAt, List.copyOf(tables));
  }

  private static String summary(List<TableReport> tables) {
    Map<String, Integer> outcomes = new LinkedHashMap<>();
    tables.forEach(t -> t.steps().forEach(s -> outcomes.merge(s.outcome(), 1, Integer::sum)));
    return tables.size() + " table(s), steps " + outcomes;
  }

  private boolean trinoReachable() {
    if (trino.isEmpty()) {
      return false;
    }
    try {
      trino.get().probe();
      return true;
    } catch (SQLException e) {
      LOG.warn(
          "Cannot reach Trino at {} for upkeep; skipping its steps this round: {}",
          settings.trinoUrl(),
          e.getMessage());
      return false;
    }
  }

  private void refreshHealth() {
    try {
      health(Optional.empty());
    } catch (RuntimeException e) {
      LOG.warn("Cannot read the lake's health: {}", e.toString());
    }
  }

  private List<TablePolicy> policies(Optional<TableIdentifier> table) {
    if (table.isEmpty()) {
      return settings.policies();
    }
    return List.of(
        settings
            .policy(table.get())
            .orElseThrow(
                () ->
                    new NoSuchTableException(
                        "Cannot find lake table %s: upkeep covers %s",
                        table.get(),
                        settings.policies().stream().map(p -> p.table().toString()).toList())));
  }

  Table load(TableIdentifier table) {
    return catalog.loadTable(table);
  }

  UpkeepSettings settings() {
    return settings;
  }

  Optional<TrinoProcedures> trino() {
    return trino;
  }

  UpkeepMetrics metrics() {
    return metrics;
  }

  Clock clock() {
    return clock;
  }

  static Duration backoff(int attempt) {
    return FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt, 10));
  }
}
