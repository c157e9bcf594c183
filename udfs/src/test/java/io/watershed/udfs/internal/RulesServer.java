package io.watershed.udfs.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The monitor service's rules contract on a free port, for tests: {@code GET /v1/rules?since=V}
 * with a bearer token, 304 (ETag) when V is the newest version, 200 with the rule set otherwise,
 * 401 without the token; {@code ?version=V}: that published version, or 404. A test publishes rule
 * sets, makes the server fail (503) or stops it.
 */
public final class RulesServer implements AutoCloseable {
  public static final String TOKEN = "agent-secret";

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger notModified = new AtomicInteger();
  private volatile long version = -1;
  private volatile String body = "";
  private final Map<Long, String> published = new ConcurrentHashMap<>();
  private volatile boolean failing;

  public RulesServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/rules", this::handle);
    server.start();
  }

  /** The base URL, for watershed.rules.url. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /**
   * Serves {@code json} (a {@code GET /v1/rules} body) from now on; its version is read from it.
   */
  public void publish(long version, String json) {
    this.body = json;
    this.version = version;
    published.put(version, json);
  }

  /** Answers 503 to every request while true. */
  public void failing(boolean failing) {
    this.failing = failing;
  }

  public int requests() {
    return requests.get();
  }

  public int notModified() {
    return notModified.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
        send(exchange, 401, "{\"error\": {\"code\": \"unauthenticated\", \"status\": 401}}");
        return;
      }
      if (failing || version < 0) {
        send(exchange, 503, "{\"error\": {\"code\": \"unavailable\", \"status\": 503}}");
        return;
      }
      long newest = version;
      String query = exchange.getRequestURI().getQuery();
      if (query != null && query.startsWith("version=")) {
        String old = published.get(Long.parseLong(query.substring("version=".length())));
        if (old == null) {
          send(exchange, 404, "{\"error\": {\"code\": \"not_found\", \"status\": 404}}");
        } else {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          send(exchange, 200, old);
        }
        return;
      }
      exchange.getResponseHeaders().add("ETag", "\"" + newest + "\"");
      if (query != null && query.equals("since=" + newest)) {
        notModified.incrementAndGet();
        exchange.sendResponseHeaders(304, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      send(exchange, 200, body);
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
