package io.watershed.monitor;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.watershed.monitor.internal.DemoRules;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorDatabase;
import io.watershed.monitor.internal.MonitorHttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor service: the metadata database (migrated on start), the JSON API over it, served by
 * the JDK's HTTP server on a bounded thread pool.
 */
public final class MonitorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorServer.class);
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(10);
  private static final int QUEUED_REQUESTS_PER_THREAD = 64;

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final MonitorHttpHandler handler;
  private final MonitorDatabase database;

  private MonitorServer(
      HttpServer server,
      ThreadPoolExecutor executor,
      MonitorHttpHandler handler,
      MonitorDatabase database) {
    this.server = requireNonNull(server, "server is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.handler = requireNonNull(handler, "handler is null");
    this.database = requireNonNull(database, "database is null");
  }

  /** Opens and migrates the database, loads the demo rules if configured, and starts serving. */
  public static MonitorServer start(MonitorConfig config) {
    MonitorDatabase database = openDatabase(config);
    try {
      Metrics metrics = new Metrics();
      if (config.seedDemo()) {
        DemoRules.Seeded seeded = DemoRules.seed(database, metrics);
        LOG.info(
            "Demo rules loaded: {} UBC ID(s) and {} dimension(s) added",
            seeded.ubcIds(),
            seeded.dimensions());
      }
      if (config.authEnabled() && config.bootstrapAdminToken().isEmpty()) {
        LOG.info("No monitor.bootstrap-admin-token set: only tokens in the database are accepted");
      }
      if (!config.authEnabled()) {
        LOG.warn("Authentication is off (monitor.auth-enabled=false): every request is allowed");
      }
      MonitorHttpHandler handler =
          MonitorHttpHandler.create(
              database,
              metrics,
              config.authEnabled(),
              config.bootstrapAdminToken(),
              config.bootstrapAgentToken(),
              config.maxRequestBytes());
      ThreadPoolExecutor executor = executor(config.threads(), metrics);
      HttpServer server = bind(config);
      server.createContext("/", handler);
      server.setExecutor(executor);
      server.start();
      return new MonitorServer(server, executor, handler, database);
    } catch (RuntimeException e) {
      try {
        database.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** Opens and migrates the configured database (the caller closes it). */
  static MonitorDatabase openDatabase(MonitorConfig config) {
    return MonitorDatabase.open(
        config.jdbcUrl(), config.jdbcUser(), config.jdbcPassword(), config.threads());
  }

  /** The address the server listens on (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public URI uri() {
    InetSocketAddress address = address();
    return URI.create("http://%s:%d".formatted(address.getHostString(), address.getPort()));
  }

  /** Stops accepting requests, lets those in flight finish, then closes the database. */
  @Override
  public void close() {
    try {
      handler.drain(DRAIN_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(DRAIN_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn(
            "Request threads still running after {}; closing the database anyway", DRAIN_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    database.close();
  }

  private static HttpServer bind(MonitorConfig config) {
    InetSocketAddress address = new InetSocketAddress(config.httpHost(), config.httpPort());
    try {
      return HttpServer.create(address, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on %s:%d: %s".formatted(config.httpHost(), config.httpPort(), e), e);
    }
  }

  /** A fixed pool with a bounded queue: requests beyond it are refused and counted. */
  private static ThreadPoolExecutor executor(int threads, Metrics metrics) {
    AtomicInteger counter = new AtomicInteger();
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * QUEUED_REQUESTS_PER_THREAD),
        runnable -> {
          Thread thread = new Thread(runnable, "monitor-http-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        (runnable, pool) -> {
          metrics.discarded("overloaded");
          // the JDK server closes the connection when the executor refuses it
          throw new RejectedExecutionException("Cannot queue request: all threads busy");
        });
  }
}
