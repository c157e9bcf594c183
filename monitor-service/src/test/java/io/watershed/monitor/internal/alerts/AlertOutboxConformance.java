package io.watershed.monitor.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.watershed.monitor.TestDatabase;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.db.tables.records.AlertFiringRecord;
import io.watershed.monitor.internal.query.Comparison;
import io.watershed.monitor.internal.query.Step;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store side of the alerts over a real database (the subclass chooses it) and a real HTTP
 * receiver (the JDK's server on a free port): an evaluation is recorded once (progress and firings
 * in one transaction, a window fires once), and the outbox delivers with retries, the same firing
 * id on every attempt, gives up after the attempts, and goes on after a restart of the database.
 */
abstract class AlertOutboxConformance {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_773_136_800_000L;

  @TempDir Path directory;
  private TestDatabase store;
  private MonitorDatabase database;
  private HttpServer receiver;
  private ExecutorService receiverThreads;
  private final ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();
  private volatile IntSupplier answer = () -> 204;

  @BeforeEach
  void start() throws IOException {
    store = createDatabase(directory);
    database = open();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiverThreads = Executors.newFixedThreadPool(2);
    receiver.setExecutor(receiverThreads);
    receiver.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new String[] {
                exchange.getRequestHeaders().getFirst(AlertDelivery.FIRING_HEADER), body
              });
          int status = answer.getAsInt();
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    receiverThreads.shutdownNow();
    try {
      database.close();
    } finally {
      store.close();
    }
  }

  /** The database of one test: created empty, dropped at the end. */
  protected abstract TestDatabase createDatabase(Path directory);

  @Test
  void anEvaluationIsRecordedOnceAndEachWindowFiresOnce() {
    StoredAlert alert = insert(webhook());
    Finding finding = new Finding(T0 + MINUTE, T0 + 2 * MINUTE, 4, 100L, -96.0, "dropped");
    int inserted = record(alert, T0 + 3 * MINUTE, finding);
    assertThat(inserted).isEqualTo(1);
    StoredAlert moved = AlertStore.find(database.dsl(), alert.id());
    assertThat(moved.nextWindow()).isEqualTo(T0 + 3 * MINUTE);
    assertThat(moved.evaluatedAt()).isNotNull();
    // the same evaluation again (a second evaluator, or one that read the rule before): nothing
    assertThat(record(alert, T0 + 3 * MINUTE, finding)).isEqualTo(-1);
    // the window evaluated again after a new startAt: no second firing
    assertThat(record(moved, T0 + 4 * MINUTE, finding)).isZero();
    List<AlertFiringRecord> firings = firings(alert.id());
    assertThat(firings).hasSize(1);
    assertThat(firings.get(0).getWindowStartMs()).isEqualTo(T0 + MINUTE);
    assertThat(firings.get(0).getObserved()).isEqualTo(4);
    assertThat(firings.get(0).getBaseline()).isEqualTo(100);
    assertThat(firings.get(0).getState()).isEqualTo("pending");
  }

  @Test
  void aFailingReceiverGetsTheSameFiringUntilItTakesIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    answer = () -> calls.incrementAndGet() <= 2 ? 503 : 204;
    StoredAlert alert = insert(webhook());
    record(alert, T0 + MINUTE, new Finding(T0, T0 + MINUTE, 0, 500L, -100.0, "gone"));
    Metrics metrics = new Metrics();
    AlertDelivery delivery = delivery(metrics, 5);
    AlertFiringRecord firing = awaitState(delivery, alert.id(), "delivered");
    assertThat(firing.getAttempts()).isEqualTo(3);
    assertThat(firing.getLastStatus()).isEqualTo("HTTP 204");
    assertThat(firing.getDeliveredAt()).isNotNull();
    assertThat(received).hasSize(3);
    assertThat(received.stream().map(r -> r[0]).distinct().toList())
        .containsExactly(firing.getFiringId());
    assertThat(received.stream().map(r -> r[1]).distinct().toList())
        .containsExactly(firing.getPayload());
    assertThat(firing.getPayload())
        .contains("\"firingId\":\"" + firing.getFiringId() + "\"", "\"kind\":\"drop\"");
    assertThat(metrics.scrape())
        .contains(
            "watershed_monitor_alert_deliveries_total{outcome=\"failed\"} 2.0",
            "watershed_monitor_alert_deliveries_total{outcome=\"ok\"} 1.0");
    // delivered: never sent again
    assertThat(delivery.deliverDue()).isZero();
    assertThat(received).hasSize(3);
  }

  @Test
  void aFiringFailsAfterItsAttemptsAndADeletedRulesPendingOnesAreCancelled() throws Exception {
    answer = () -> 500;
    StoredAlert alert = insert(webhook());
    record(alert, T0 + MINUTE, new Finding(T0, T0 + MINUTE, 0, 500L, -100.0, "gone"));
    AlertFiringRecord failed = awaitState(delivery(new Metrics(), 2), alert.id(), "failed");
    assertThat(failed.getAttempts()).isEqualTo(2);
    assertThat(failed.getLastStatus()).isEqualTo("HTTP 500");

    StoredAlert other = insert(webhook());
    record(other, T0 + MINUTE, new Finding(T0, T0 + MINUTE, 0, 500L, -100.0, "gone"));
    database.transaction("delete", c -> AlertStore.delete(c.dsl(), other.id()));
    assertThat(firings(other.id()).get(0).getState()).isEqualTo("cancelled");
    // the history stays; the failed one keeps its state
    assertThat(firings(alert.id()).get(0).getState()).isEqualTo("failed");
  }

  @Test
  void pendingFiringsAreDeliveredAfterARestart() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    StoredAlert alert = insert("http://127.0.0.1:" + closedPort + "/hook");
    record(alert, T0 + MINUTE, new Finding(T0, T0 + MINUTE, 0, 500L, -100.0, "gone"));
    AlertDelivery before = delivery(new Metrics(), 10);
    assertThat(before.deliverDue()).isEqualTo(1);
    AlertFiringRecord refused = firings(alert.id()).get(0);
    assertThat(refused.getState()).isEqualTo("pending");
    assertThat(refused.getAttempts()).isEqualTo(1);
    assertThat(refused.getLastStatus()).isEqualTo("cannot connect");

    // the service stops; the rule gets a webhook that answers; the service starts again
    database.close();
    database = open();
    database.transaction(
        "fix the webhook",
        c ->
            c.dsl()
                .update(io.watershed.monitor.internal.db.Tables.ALERT_RULE)
                .set(io.watershed.monitor.internal.db.Tables.ALERT_RULE.WEBHOOK_URL, webhook())
                .execute());
    AlertFiringRecord delivered = awaitState(delivery(new Metrics(), 10), alert.id(), "delivered");
    assertThat(delivered.getAttempts()).isEqualTo(2);
    assertThat(received).hasSize(1);
    assertThat(received.peek()[0]).isEqualTo(refused.getFiringId());
  }

  @Test
  void anAttemptEndsAtTheTimeout() throws Exception {
    answer =
        () -> {
          try {
            Thread.sleep(3_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 204;
        };
    StoredAlert alert = insert(webhook());
    record(alert, T0 + MINUTE, new Finding(T0, T0 + MINUTE, 0, 500L, -100.0, "gone"));
    AlertDelivery delivery =
        new AlertDelivery(
            database,
            new Metrics(),
            new AlertSettings(
                Duration.ofSeconds(15),
                Duration.ZERO,
                Duration.ofMillis(300),
                1,
                Duration.ofMillis(50)),
            Clock.systemUTC());
    assertThat(delivery.deliverDue()).isEqualTo(1);
    AlertFiringRecord firing = firings(alert.id()).get(0);
    assertThat(firing.getState()).isEqualTo("failed");
    assertThat(firing.getLastStatus()).isEqualTo("no answer within 300 ms");
  }

  // ---- helpers

  private MonitorDatabase open() {
    return MonitorDatabase.open(store.jdbcUrl(), store.user(), "", 4);
  }

  private String webhook() {
    return "http://127.0.0.1:%d/hook".formatted(receiver.getAddress().getPort());
  }

  private StoredAlert insert(String webhook) {
    AlertRule rule =
        new AlertRule(
            "drop " + UUID.randomUUID(),
            "ubc_it",
            null,
            null,
            AlertKind.DROP,
            AlertMetric.PV,
            Step.ONE_MINUTE,
            Comparison.DAY,
            50.0,
            100L,
            null,
            null,
            null,
            webhook,
            true,
            T0);
    long id =
        database.transaction(
            "insert",
            c -> AlertStore.insert(c.dsl(), rule, "test", OffsetDateTime.now(ZoneOffset.UTC)));
    return AlertStore.find(database.dsl(), id);
  }

  /** Records an evaluation up to {@code next} with one finding, as the evaluator does. */
  private int record(StoredAlert alert, long next, Finding finding) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    String firingId = UUID.randomUUID().toString();
    String payload =
        "{\"firingId\":\"%s\",\"ruleId\":%d,\"kind\":\"drop\"}".formatted(firingId, alert.id());
    return database.transaction(
        "record",
        c ->
            AlertStore.recordEvaluation(
                c.dsl(),
                alert,
                next,
                false,
                List.of(new AlertStore.NewFiring(firingId, finding, payload)),
                now));
  }

  private List<AlertFiringRecord> firings(long ruleId) {
    return AlertStore.firings(database.dsl(), ruleId, null, Long.MAX_VALUE, 100);
  }

  private AlertDelivery delivery(Metrics metrics, int attempts) {
    return new AlertDelivery(
        database,
        metrics,
        new AlertSettings(
            Duration.ofSeconds(15),
            Duration.ZERO,
            Duration.ofSeconds(5),
            attempts,
            Duration.ofMillis(100)),
        Clock.systemUTC());
  }

  /** Runs the delivery until the rule's firing is in {@code state} (up to 30 s). */
  private AlertFiringRecord awaitState(AlertDelivery delivery, long ruleId, String state)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      delivery.deliverDue();
      AlertFiringRecord firing = firings(ruleId).get(0);
      if (firing.getState().equals(state) || System.nanoTime() > deadline) {
        assertThat(firing.getState()).isEqualTo(state);
        return firing;
      }
      Thread.sleep(50);
    }
  }
}
