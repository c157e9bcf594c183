package io.watershed.monitor.internal.alerts;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.SafeText;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.db.tables.records.AlertFiringRecord;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the firings of the outbox ({@code alert_firing}, state pending): POSTs each one's JSON
 * body to its rule's webhook with the header {@value #FIRING_HEADER}, so receivers can drop a
 * repeat, one attempt at a time within {@code monitor.alerts.delivery-timeout}. A 2xx answer
 * delivers it; anything else is tried again after a doubling backoff, up to {@code
 * monitor.alerts.delivery-attempts} attempts, then it is failed. Everything about an attempt is in
 * the store before and after it, so a restart goes on with the pending ones; a firing whose answer
 * was lost to a crash is sent again, with the same id. Run by one thread ({@link AlertWorkers}),
 * never by an HTTP thread.
 */
public final class AlertDelivery implements Runnable {
  /** The header carrying the firing's id, the same on every attempt. */
  public static final String FIRING_HEADER = "Watershed-Firing-Id";

  private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);

  /** Due firings taken per run at most. */
  static final int BATCH = 50;

  private final MonitorDatabase database;
  private final Metrics metrics;
  private final AlertSettings settings;
  private final Clock clock;
  private final HttpClient http;
  private volatile boolean stopping;

  public AlertDelivery(
      MonitorDatabase database, Metrics metrics, AlertSettings settings, Clock clock) {
    this.database = requireNonNull(database, "database is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.deliveryTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** What one attempt came to: delivered or not, and the status to show. */
  private record Attempt(boolean ok, String status) {}

  @Override
  public void run() {
    try {
      deliverDue();
    } catch (ApiException e) {
      metrics.error("alert_delivery", e.code());
      LOG.warn("Cannot deliver the alert firings: {}", e.getMessage());
    } catch (DataAccessException e) {
      metrics.error("alert_delivery", MonitorErrorCode.STORE_UNAVAILABLE);
      LOG.warn("Cannot deliver the alert firings: database error: {}", e.getMessage());
    } catch (RuntimeException e) {
      metrics.error("alert_delivery", MonitorErrorCode.INTERNAL_ERROR);
      LOG.error("Cannot deliver the alert firings: {}", e.toString(), e);
    }
  }

  /** Makes the run under way stop after the attempt it is at; no run starts after. */
  void stop() {
    stopping = true;
  }

  /** Makes one attempt for every firing that is due; returns how many attempts were made. */
  public int deliverDue() {
    int attempts = 0;
    List<AlertFiringRecord> due = AlertStore.due(database.dsl(), now(), BATCH);
    for (AlertFiringRecord firing : due) {
      if (stopping || Thread.currentThread().isInterrupted()) {
        break;
      }
      // the lease: twice the attempt's time; a sender that dies leaves the firing due after it
      OffsetDateTime lease = now().plus(settings.deliveryTimeout().multipliedBy(2));
      boolean claimed =
          database.transaction(
              "claim alert firing " + firing.getFiringId(),
              configuration -> AlertStore.claim(configuration.dsl(), firing, lease));
      if (!claimed) {
        continue;
      }
      String webhook = AlertStore.webhook(database.dsl(), firing.getRuleId());
      if (webhook == null) {
        // the rule was deleted after the firing was listed; the delete cancelled it
        continue;
      }
      Attempt attempt = send(URI.create(webhook), firing);
      if (attempt == null) {
        // interrupted: the service stops; the lease runs out and a later run sends it
        break;
      }
      attempts++;
      record(firing, URI.create(webhook), attempt);
    }
    return attempts;
  }

  private void record(AlertFiringRecord firing, URI webhook, Attempt attempt) {
    OffsetDateTime at = now();
    int made = firing.getAttempts() + 1;
    metrics.alertDelivery(attempt.ok());
    FiringState state;
    OffsetDateTime next = null;
    if (attempt.ok()) {
      state = FiringState.DELIVERED;
      LOG.info(
          "Alert firing {} of rule {} delivered to {} at attempt {}: {}",
          firing.getFiringId(),
          firing.getRuleId(),
          webhook.getHost(),
          made,
          attempt.status());
    } else if (made >= settings.deliveryAttempts()) {
      state = FiringState.FAILED;
      metrics.discarded("alert_undeliverable");
      LOG.warn(
          "Alert firing {} of rule {} failed: {} attempt(s) to {}, the last: {}",
          firing.getFiringId(),
          firing.getRuleId(),
          made,
          webhook.getHost(),
          attempt.status());
    } else {
      state = FiringState.PENDING;
      next = at.plus(settings.backoff(made));
      LOG.info(
          "Alert firing {} of rule {} not delivered to {} at attempt {} ({}); next at {}",
          firing.getFiringId(),
          firing.getRuleId(),
          webhook.getHost(),
          made,
          attempt.status(),
          next.toInstant());
    }
    OffsetDateTime nextAttempt = next;
    database.transaction(
        "record an attempt of alert firing " + firing.getFiringId(),
        configuration -> {
          AlertStore.attempted(
              configuration.dsl(), firing.getId(), state, attempt.status(), at, nextAttempt);
          return null;
        });
  }

  /** One POST of the firing; null when interrupted. */
  private Attempt send(URI webhook, AlertFiringRecord firing) {
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(settings.deliveryTimeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "watershed-monitor")
            .header(FIRING_HEADER, firing.getFiringId())
            .POST(HttpRequest.BodyPublishers.ofString(firing.getPayload(), StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<InputStream> response =
          http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      // the answer's body is not read: closing drops what a receiver may still be sending
      response.body().close();
      int status = response.statusCode();
      return new Attempt(status >= 200 && status < 300, "HTTP " + status);
    } catch (HttpTimeoutException e) {
      return new Attempt(
          false, "no answer within %d ms".formatted(settings.deliveryTimeout().toMillis()));
    } catch (ConnectException e) {
      return new Attempt(false, "cannot connect");
    } catch (IOException e) {
      return new Attempt(
          false, "failed: " + SafeText.clip(e.getMessage() == null ? "I/O error" : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock)
        .withOffsetSameInstant(ZoneOffset.UTC)
        .truncatedTo(ChronoUnit.MILLIS);
  }
}
