package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.config.ConfigKey;
import io.watershed.kit.config.ConfigValues;
import java.time.Duration;
import java.util.List;

/**
 * The config keys of a service's control-plane HTTP server, declared once for every service under
 * its own area: {@code <area>.http-host}, {@code <area>.http-port}, {@code <area>.threads}, {@code
 * <area>.http-max-connections}, {@code <area>.http-header-timeout}, {@code
 * <area>.http-idle-timeout}, {@code <area>.http-min-request-bytes-per-second} and {@code
 * <area>.max-request-bytes}.
 */
public final class HttpServerKeys {
  private final ConfigKey<String> host;
  private final ConfigKey<Integer> port;
  private final ConfigKey<Integer> threads;
  private final ConfigKey<Integer> maxConnections;
  private final ConfigKey<Duration> headerTimeout;
  private final ConfigKey<Duration> idleTimeout;
  private final ConfigKey<Long> minRequestRate;
  private final ConfigKey<Long> maxRequestBytes;

  private HttpServerKeys(String area, int port, long maxRequestBytes, long maxRequestBytesCap) {
    requireNonNull(area, "area is null");
    this.host =
        ConfigKey.string(area + ".http-host", "127.0.0.1", "Address the HTTP server binds to.");
    this.port =
        ConfigKey.integer(area + ".http-port", port, 0, 65535, "HTTP port; 0 picks a free port.");
    this.threads =
        ConfigKey.integer(
            area + ".threads", 8, 1, 256, "Request threads, and JDBC connections in the pool.");
    this.maxConnections =
        ConfigKey.integer(
            area + ".http-max-connections",
            HttpLimits.DEFAULT_MAX_CONNECTIONS,
            1,
            65_536,
            "Open HTTP connections at most; the server stops accepting at the cap.");
    this.headerTimeout =
        ConfigKey.duration(
            area + ".http-header-timeout",
            HttpLimits.DEFAULT_HEADER_TIMEOUT,
            Duration.ofMillis(100),
            Duration.ofMinutes(10),
            "Time a connection has to send a whole request head; slower ones are closed.");
    this.idleTimeout =
        ConfigKey.duration(
            area + ".http-idle-timeout",
            HttpLimits.DEFAULT_IDLE_TIMEOUT,
            Duration.ofMillis(100),
            Duration.ofHours(1),
            "A connection silent this long is closed.");
    this.minRequestRate =
        ConfigKey.longInteger(
            area + ".http-min-request-bytes-per-second",
            HttpLimits.DEFAULT_MIN_REQUEST_BYTES_PER_SECOND,
            1,
            1024L * 1024 * 1024,
            "A request body slower than this (after the header timeout as grace) is ended.");
    this.maxRequestBytes =
        ConfigKey.size(
            area + ".max-request-bytes",
            maxRequestBytes,
            1024,
            maxRequestBytesCap,
            "Largest request body accepted; larger ones get 413.");
  }

  /**
   * The keys of a service's server.
   *
   * @param area the service's key area, e.g. {@code catalog}
   * @param port the default port
   * @param maxRequestBytes the default body limit
   * @param maxRequestBytesCap the largest body limit the service allows to be set
   */
  public static HttpServerKeys declare(
      String area, int port, long maxRequestBytes, long maxRequestBytesCap) {
    return new HttpServerKeys(area, port, maxRequestBytes, maxRequestBytesCap);
  }

  /** Every key, in reference order. */
  public List<ConfigKey<?>> all() {
    return List.of(
        host,
        port,
        threads,
        maxConnections,
        headerTimeout,
        idleTimeout,
        minRequestRate,
        maxRequestBytes);
  }

  /** Reads the keys; a problem is recorded in {@code values} and a placeholder returned. */
  public HttpServerSettings read(ConfigValues values) {
    return new HttpServerSettings(
        values.get(host, "127.0.0.1"),
        values.get(port, 0),
        new HttpLimits(
            values.get(threads, 1),
            values.get(maxConnections, 1),
            values.get(headerTimeout, HttpLimits.DEFAULT_HEADER_TIMEOUT),
            values.get(idleTimeout, HttpLimits.DEFAULT_IDLE_TIMEOUT),
            values.get(minRequestRate, 1L),
            values.get(maxRequestBytes, 1024L),
            HttpLimits.DEFAULT_MAX_HEADER_BYTES));
  }
}
