package io.watershed.collector.agent.internal;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The agent's {@code GET /health} and {@code GET /metrics}, on the JDK's HTTP server. */
public final class AgentHttp implements AutoCloseable {
  private final HttpServer server;

  private AgentHttp(HttpServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  /**
   * Serves {@code /health} (200 with {@code status()} while {@code alive}, else 503) and {@code
   * /metrics}.
   */
  public static AgentHttp start(
      String host, int port, Metrics metrics, BooleanSupplier alive, Supplier<String> status) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot listen on %s:%d for the agent's /health and /metrics: %s"
              .formatted(host, port, e.getMessage()),
          e);
    }
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "agent-http");
              thread.setDaemon(true);
              return thread;
            }));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!path.equals("/health") && !path.equals("/metrics")) {
              error(exchange, CollectorErrorCode.NOT_FOUND, "Cannot find " + path);
            } else if (!exchange.getRequestMethod().equals("GET")) {
              error(
                  exchange,
                  CollectorErrorCode.METHOD_NOT_ALLOWED,
                  "Cannot %s %s: only GET".formatted(exchange.getRequestMethod(), path));
            } else if (path.equals("/metrics")) {
              send(exchange, 200, "text/plain; version=0.0.4", metrics.scrape());
            } else if (alive.getAsBoolean()) {
              send(exchange, 200, "application/json", status.get());
            } else {
              error(
                  exchange,
                  CollectorErrorCode.INTERNAL_ERROR,
                  "Cannot read files: the agent's reading thread stopped");
            }
          }
        });
    server.start();
    return new AgentHttp(server);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void error(HttpExchange exchange, CollectorErrorCode code, String message)
      throws IOException {
    String body =
        "{\"error\":\"%s\",\"message\":\"%s\",\"retriable\":%s}"
            .formatted(code.metricTag(), message.replace("\"", "'"), code.retriable());
    send(exchange, code.httpStatus(), "application/json", body);
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
