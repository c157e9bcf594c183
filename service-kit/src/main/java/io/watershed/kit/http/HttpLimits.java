package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The limits of a control-plane HTTP server: what one client, or a few hostile or clumsy ones, may
 * hold of it.
 *
 * @param threads request threads: requests served at once
 * @param maxConnections open connections at most; the server stops accepting at the cap, so this
 *     also bounds the requests waiting for a thread
 * @param headerTimeout time a connection has to deliver a whole request head (request line and
 *     headers), from opening and again after each answer plus {@code idleTimeout}
 * @param idleTimeout a connection silent this long is closed
 * @param minRequestBytesPerSecond a request body slower than this, after {@code headerTimeout} of
 *     grace, is ended and its connection closed
 * @param maxRequestBytes largest request body accepted; larger ones get 413
 * @param maxHeaderBytes largest request head accepted; larger ones get 431
 */
public record HttpLimits(
    int threads,
    int maxConnections,
    Duration headerTimeout,
    Duration idleTimeout,
    long minRequestBytesPerSecond,
    long maxRequestBytes,
    int maxHeaderBytes) {

  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 256;
  public static final long DEFAULT_MIN_REQUEST_BYTES_PER_SECOND = 1024;
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;

  public HttpLimits {
    requireNonNull(headerTimeout, "headerTimeout is null");
    requireNonNull(idleTimeout, "idleTimeout is null");
    positive("threads", threads);
    positive("maxConnections", maxConnections);
    positive("headerTimeout", headerTimeout.toMillis());
    positive("idleTimeout", idleTimeout.toMillis());
    positive("minRequestBytesPerSecond", minRequestBytesPerSecond);
    positive("maxRequestBytes", maxRequestBytes);
    positive("maxHeaderBytes", maxHeaderBytes);
  }

  /** The default limits around the given thread count and body limit. */
  public static HttpLimits defaults(int threads, long maxRequestBytes) {
    return new HttpLimits(
        threads,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MIN_REQUEST_BYTES_PER_SECOND,
        maxRequestBytes,
        DEFAULT_MAX_HEADER_BYTES);
  }

  private static void positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(
          "Cannot use HTTP limit %s=%d: must be positive".formatted(name, value));
    }
  }
}
