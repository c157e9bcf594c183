package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import io.watershed.catalog.internal.BearerAuth;
import io.watershed.catalog.internal.CatalogHttpHandler;
import io.watershed.catalog.internal.Metrics;
import io.watershed.catalog.internal.RestRoutes;
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
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Watershed Iceberg REST catalog: Iceberg's REST handlers over a JdbcCatalog, served by the
 * JDK's HTTP server on a bounded thread pool.
 */
public final class CatalogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogServer.class);
  private static final Duration DRAIN_GRACE = Duration.ofSeconds(10);
  private static final int QUEUED_REQUESTS_PER_THREAD = 64;

  /** Looked up by the health check: one indexed query on the catalog's tables. */
  private static final Namespace HEALTH_PROBE = Namespace.of("watershed_health_probe");

  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final CatalogHttpHandler handler;
  private final JdbcCatalog catalog;

  private CatalogServer(
      HttpServer server,
      ThreadPoolExecutor executor,
      CatalogHttpHandler handler,
      JdbcCatalog catalog) {
    this.server = requireNonNull(server, "server is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.handler = requireNonNull(handler, "handler is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Opens the catalog, creates the lake tables if configured, and starts serving. */
  public static CatalogServer start(CatalogConfig config) {
    JdbcCatalog catalog = CatalogBackend.open(config);
    try {
      if (config.initLakeTables()) {
        LakeTables.ensure(catalog);
      }
      Metrics metrics = new Metrics();
      CatalogHttpHandler handler =
          CatalogHttpHandler.create(
              RestRoutes.over(catalog),
              BearerAuth.of(config.authTokens()),
              metrics,
              config.maxRequestBytes(),
              () -> catalog.namespaceExists(HEALTH_PROBE));
      ThreadPoolExecutor executor = executor(config.threads(), metrics);
      HttpServer server = bind(config);
      server.createContext("/", handler);
      server.setExecutor(executor);
      server.start();
      return new CatalogServer(server, executor, handler, catalog);
    } catch (RuntimeException e) {
      closeQuietly(catalog, e);
      throw e;
    }
  }

  /** The address the server listens on (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  public URI uri() {
    InetSocketAddress address = address();
    return URI.create("http://%s:%d".formatted(address.getHostString(), address.getPort()));
  }

  /** Stops accepting requests, lets those in flight finish, then closes the catalog. */
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
        LOG.warn("Request threads still running after {}; closing the catalog anyway", DRAIN_GRACE);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    catalog.close();
  }

  private static HttpServer bind(CatalogConfig config) {
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
          Thread thread = new Thread(runnable, "catalog-http-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        (runnable, pool) -> {
          metrics.discarded("overloaded");
          // the JDK server closes the connection when the executor refuses it
          throw new RejectedExecutionException("Cannot queue request: all threads busy");
        });
  }

  private static void closeQuietly(JdbcCatalog catalog, RuntimeException failure) {
    try {
      catalog.close();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }
}
