package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.internal.HeadDeadline;
import io.watershed.kit.http.internal.JsonErrorHandler;
import io.watershed.kit.http.internal.ServiceAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The control-plane HTTP server of a Watershed service, on Jetty 12: a bounded request pool, a
 * connection cap, a header-read deadline, an idle timeout, a minimum request-body rate, bounded
 * request heads and bodies, and JSON errors without internals. Connections waiting for their
 * request head hold no thread, so a few slow or silent clients cannot stop the others.
 *
 * <p>{@code GET /health/live} answers 200 while the process serves; everything else goes to the
 * {@link ServiceHandler}.
 */
public final class ControlPlaneServer implements AutoCloseable {
  /** Acceptor and selector threads Jetty takes from the pool, and one spare. */
  private static final int JETTY_THREADS = 3;

  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Server server;
  private final ServerConnector connector;
  private final HeadDeadline deadline;
  private final ServiceHandler handler;

  private ControlPlaneServer(
      Server server, ServerConnector connector, HeadDeadline deadline, ServiceHandler handler) {
    this.server = requireNonNull(server, "server is null");
    this.handler = requireNonNull(handler, "handler is null");
    this.connector = requireNonNull(connector, "connector is null");
    this.deadline = requireNonNull(deadline, "deadline is null");
  }

  /** Starts serving {@code handler} where and as {@code settings} say. */
  public static ControlPlaneServer start(
      String name, HttpServerSettings settings, ServiceHandler handler) {
    return start(name, settings.host(), settings.port(), settings.limits(), handler);
  }

  /**
   * Starts serving {@code handler} on {@code host:port} (0: a free port).
   *
   * @param name the service's name, for thread names
   */
  public static ControlPlaneServer start(
      String name, String host, int port, HttpLimits limits, ServiceHandler handler) {
    requireNonNull(handler, "handler is null");
    int threads = limits.threads() + JETTY_THREADS;
    // Jetty wants an unbounded job queue; what waits in it is bounded by the connection cap
    // (HTTP/1.1: one request at a time per connection).
    QueuedThreadPool pool = new QueuedThreadPool(threads, threads);
    pool.setName(name + "-http");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    Server server = new Server(pool);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(limits.maxHeaderBytes());
    // The services route on the raw path and decode segments themselves: identifiers with
    // encoded '/' or '.' reach them, so they answer with the rule broken, not a bare 400.
    http.setUriCompliance(UriCompliance.UNSAFE);
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    HeadDeadline deadline =
        new HeadDeadline(
            connector.getScheduler(),
            handler::connectionDropped,
            limits.headerTimeout().toMillis(),
            limits.idleTimeout().toMillis());
    connector.addBean(deadline);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

    server.setHandler(new ServiceAdapter(handler, limits, connector.getScheduler(), deadline));
    server.setErrorHandler(new JsonErrorHandler(handler));
    server.setStopTimeout(STOP_GRACE.toMillis());
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server, e);
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new UncheckedIOException(
          "Cannot listen on %s:%d: %s".formatted(host, port, reason),
          e instanceof IOException io ? io : new IOException(e));
    }
    return new ControlPlaneServer(server, connector, deadline, handler);
  }

  /** The address the server listens on (the real port when 0 was asked for). */
  public InetSocketAddress address() {
    String host = connector.getHost() == null ? "0.0.0.0" : connector.getHost();
    return new InetSocketAddress(host, connector.getLocalPort());
  }

  public URI uri() {
    InetSocketAddress address = address();
    return URI.create("http://%s:%d".formatted(address.getHostString(), address.getPort()));
  }

  /** Connections closed because they did not send a whole request head in time. */
  public long headTimeouts() {
    return deadline.expired();
  }

  /**
   * Drains the handler (new requests get 503, those in flight finish) for up to 10 s, stops
   * accepting, and closes every connection.
   */
  @Override
  public void close() {
    try {
      handler.drain(STOP_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the HTTP server: " + e.getMessage(), e);
    }
  }

  private static void stopQuietly(Server server, Exception failure) {
    try {
      server.stop();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }
}
