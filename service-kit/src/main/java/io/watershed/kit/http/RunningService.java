package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.Supplier;

/**
 * A service serving on a {@link ControlPlaneServer} over a backend it owns (a database, a catalog):
 * closing it drains and stops the server, then closes the backend.
 */
public abstract class RunningService implements AutoCloseable {
  private final ControlPlaneServer server;
  private final AutoCloseable backend;

  protected RunningService(ControlPlaneServer server, AutoCloseable backend) {
    this.server = requireNonNull(server, "server is null");
    this.backend = requireNonNull(backend, "backend is null");
  }

  /**
   * Runs {@code start} with {@code backend} open; if it fails, closes the backend (its own failure
   * added as suppressed) and rethrows.
   */
  protected static <T> T closingOnFailure(AutoCloseable backend, Supplier<T> start) {
    try {
      return start.get();
    } catch (RuntimeException e) {
      try {
        backend.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /** The address the server listens on (the real port when 0 was configured). */
  public InetSocketAddress address() {
    return server.address();
  }

  public URI uri() {
    return server.uri();
  }

  /** Refuses new requests, lets those in flight finish, stops the server, closes the backend. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      try {
        backend.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("Cannot close the service's backend: " + e.getMessage(), e);
      }
    }
  }
}
