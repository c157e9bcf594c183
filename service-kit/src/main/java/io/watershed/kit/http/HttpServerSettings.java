package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

/**
 * Where a service's control-plane server listens, and its limits.
 *
 * @param host the address to bind
 * @param port the port; 0 picks a free one
 * @param limits the server's limits
 */
public record HttpServerSettings(String host, int port, HttpLimits limits) {
  public HttpServerSettings {
    requireNonNull(host, "host is null");
    requireNonNull(limits, "limits is null");
  }

  /** Defaults around {@code port}, for tests and embedded use. */
  public static HttpServerSettings defaults(String host, int port, int threads, long maxBody) {
    return new HttpServerSettings(host, port, HttpLimits.defaults(threads, maxBody));
  }

  @Override
  public String toString() {
    return "httpHost=%s, httpPort=%d, threads=%d, httpMaxConnections=%d, httpHeaderTimeout=%s,"
            .formatted(
                host, port, limits.threads(), limits.maxConnections(), limits.headerTimeout())
        + " httpIdleTimeout=%s, httpMinRequestBytesPerSecond=%d, maxRequestBytes=%d"
            .formatted(
                limits.idleTimeout(), limits.minRequestBytesPerSecond(), limits.maxRequestBytes());
  }
}
