package io.watershed.udfs.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls the dimension rules from the monitor service on a heartbeat ({@code GET
 * {url}/v1/rules?since=V}, 304 = unchanged) and holds the newest compiled {@link RuleSet}. One
 * client per URL and token per class loader (so per job and TaskManager JVM), shared by all
 * subtasks: {@link #acquire} counts users, {@link #release} stops the poller when the last one
 * leaves. When a pull fails the last rules stay in force and the failure is counted.
 */
public final class RulesClient {
  private static final Logger LOG = LoggerFactory.getLogger(RulesClient.class);
  private static final Map<String, RulesClient> SHARED = new HashMap<>();

  private final RulesSettings settings;
  private final HttpClient http;
  private final CountDownLatch firstLoad = new CountDownLatch(1);
  private final AtomicLong pullsOk = new AtomicLong();
  private final AtomicLong pullsFailed = new AtomicLong();
  private volatile RuleSet current;
  private volatile String lastError = "no pull has completed yet";
  private boolean failing;
  private int users;
  private ScheduledExecutorService poller;

  RulesClient(RulesSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * The shared client of {@code settings.url()} and token, started on first use. The interval and
   * timeouts of the first user win. Every call needs one {@link #release}.
   */
  public static RulesClient acquire(RulesSettings settings) {
    synchronized (SHARED) {
      String key = key(settings);
      RulesClient client = SHARED.get(key);
      if (client == null) {
        client = new RulesClient(settings);
        client.start();
        SHARED.put(key, client);
      }
      client.users++;
      return client;
    }
  }

  /** Gives back one {@link #acquire}; the last user stops the poller. */
  public void release() {
    synchronized (SHARED) {
      users--;
      if (users > 0) {
        return;
      }
      SHARED.remove(key(settings), this);
    }
    stop();
  }

  private static String key(RulesSettings settings) {
    return settings.url() + "\n" + settings.token() + "\n" + settings.version();
  }

  /** How many clients are running in this class loader (for tests). */
  static int sharedCount() {
    synchronized (SHARED) {
      return SHARED.size();
    }
  }

  void start() {
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "watershed-rules " + settings.url());
              thread.setDaemon(true);
              return thread;
            });
    poller = executor;
    executor.scheduleWithFixedDelay(
        this::pullSafely, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    ScheduledExecutorService executor = poller;
    if (executor != null) {
      executor.shutdownNow();
      poller = null;
    }
    LOG.info("Stopped pulling dimension rules from {}", settings.url());
  }

  boolean running() {
    ScheduledExecutorService executor = poller;
    return executor != null && !executor.isShutdown();
  }

  /**
   * Waits up to the initial timeout for the first rule set.
   *
   * @throws IllegalStateException naming the URL and the last error when none came in time
   */
  public RuleSet awaitFirstRules() throws InterruptedException {
    if (!firstLoad.await(settings.initialTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "Cannot load the dimension rules from "
              + rulesUri(-1)
              + ": none within "
              + settings.initialTimeout()
              + " ("
              + pullsFailed.get()
              + " failed pull(s), last: "
              + lastError
              + "); check watershed.rules.url and watershed.rules.token");
    }
    return current;
  }

  /** The newest rule set, or null before the first one. */
  public RuleSet current() {
    return current;
  }

  public long pullsOk() {
    return pullsOk.get();
  }

  public long pullsFailed() {
    return pullsFailed.get();
  }

  private void pullSafely() {
    try {
      pull();
    } catch (RuntimeException | LinkageError e) {
      // A scheduled task that throws is never run again: a packaging error (a class missing in a
      // host such as Trino) must show on every pull, not silently end the pulls.
      failed("unexpected error: " + e, e);
    }
  }

  /** One pull: the poller's task; tests call it directly. */
  synchronized void pull() {
    RuleSet before = current;
    if (before != null && settings.pinned()) {
      // One version, kept: nothing newer is ever wanted.
      succeeded();
      return;
    }
    long since = before == null ? -1 : before.version();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(rulesUri(since))
            .timeout(settings.requestTimeout())
            .header("Accept", "application/json")
            .GET();
    if (!settings.token().isEmpty()) {
      request.header("Authorization", "Bearer " + settings.token());
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      failed(e.toString(), null);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int status = response.statusCode();
    if (status == 304 && before != null) {
      succeeded();
      return;
    }
    if (status != 200) {
      failed("HTTP " + status + ": " + snippet(response.body()), null);
      return;
    }
    RuleSet rules;
    try {
      rules = RuleSet.parse(response.body());
    } catch (IOException e) {
      failed(e.getMessage(), null);
      return;
    }
    if (before == null || before.version() != rules.version()) {
      current = rules;
      LOG.info(
          "Dimension rules from {}: version {} -> {} ({} UBC IDs)",
          settings.url(),
          before == null ? "none" : before.version(),
          rules.version(),
          rules.size());
    }
    succeeded();
    firstLoad.countDown();
  }

  private void succeeded() {
    pullsOk.incrementAndGet();
    if (failing) {
      failing = false;
      LOG.info("Pulling dimension rules from {} works again", settings.url());
    }
  }

  private void failed(String error, Throwable cause) {
    pullsFailed.incrementAndGet();
    lastError = error;
    RuleSet kept = current;
    if (!failing) {
      failing = true;
      LOG.warn(
          "Cannot pull dimension rules from {}: {}; keeping version {}",
          settings.url(),
          error,
          kept == null ? "none" : kept.version(),
          cause);
    } else {
      LOG.debug("Cannot pull dimension rules from {}: {}", settings.url(), error, cause);
    }
  }

  private URI rulesUri(long since) {
    if (settings.pinned()) {
      return URI.create(settings.url() + "/v1/rules?version=" + settings.version());
    }
    return URI.create(settings.url() + "/v1/rules" + (since < 0 ? "" : "?since=" + since));
  }

  private static String snippet(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).strip();
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  /** The settings this client was started with. */
  public RulesSettings settings() {
    return settings;
  }

  /** For log lines and tests. */
  @Override
  public String toString() {
    RuleSet rules = current;
    return "RulesClient["
        + settings.url()
        + ", version "
        + (rules == null ? "none" : rules.version())
        + ", interval "
        + Duration.ofMillis(settings.interval().toMillis())
        + "]";
  }
}
