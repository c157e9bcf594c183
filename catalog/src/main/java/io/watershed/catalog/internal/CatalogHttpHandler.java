package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the catalog: {@code /v1/...} goes through authentication, the body limit and
 * the {@link Router} to Iceberg's handlers; {@code /health} and {@code /metrics} stay open.
 */
public final class CatalogHttpHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogHttpHandler.class);
  private static final String JSON = "application/json";

  private final Router router;
  private final ObjectMapper mapper;
  private final BearerAuth auth;
  private final Metrics metrics;
  private final long maxRequestBytes;
  private final Runnable healthCheck;
  private final AtomicBoolean draining;

  private CatalogHttpHandler(
      Router router,
      ObjectMapper mapper,
      BearerAuth auth,
      Metrics metrics,
      long maxRequestBytes,
      Runnable healthCheck,
      AtomicBoolean draining) {
    this.router = requireNonNull(router, "router is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.auth = requireNonNull(auth, "auth is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.maxRequestBytes = maxRequestBytes;
    this.healthCheck = requireNonNull(healthCheck, "healthCheck is null");
    this.draining = requireNonNull(draining, "draining is null");
  }

  /**
   * @param healthCheck throws when the catalog's database cannot be reached
   */
  public static CatalogHttpHandler create(
      List<Route> routes,
      BearerAuth auth,
      Metrics metrics,
      long maxRequestBytes,
      Runnable healthCheck) {
    return new CatalogHttpHandler(
        Router.of(routes),
        RestJson.newMapper(),
        auth,
        metrics,
        maxRequestBytes,
        healthCheck,
        new AtomicBoolean());
  }

  /** Refuses new requests with 503 and waits up to {@code grace} for those in flight. */
  public void drain(Duration grace) throws InterruptedException {
    draining.set(true);
    long deadline = System.nanoTime() + grace.toNanos();
    while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    metrics.requestStarted();
    Reply reply;
    try {
      reply = serve(exchange);
    } catch (RuntimeException | IOException | LinkageError e) {
      reply = failed("unmatched", "handle", Failure.of(e), e);
    }
    long sent = write(exchange, reply.response());
    metrics.requestFinished(
        reply.route(), reply.response().status(), sent, System.nanoTime() - start);
  }

  private Reply serve(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = exchange.getRequestURI().getRawPath();
    if (draining.get()) {
      metrics.discarded("shutting_down");
      return failed(
          "unmatched",
          "accept",
          failure(
              CatalogErrorCode.SHUTTING_DOWN,
              "ServiceUnavailableException",
              "Cannot serve %s %s: the catalog is stopping",
              method,
              path),
          null);
    }
    if (path.equals("/health") && method.equals("GET")) {
      return health();
    }
    if (path.equals("/metrics") && method.equals("GET")) {
      byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      return new Reply(
          "metrics", new Response(200, "text/plain; version=0.0.4; charset=utf-8", text, Map.of()));
    }
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return noRoute(method, path);
    }
    if (!auth.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
      metrics.discarded("unauthorized");
      Reply reply =
          failed(
              "unmatched",
              "auth",
              failure(
                  CatalogErrorCode.NOT_AUTHORIZED,
                  "NotAuthorizedException",
                  "Cannot serve %s %s: missing or invalid bearer token",
                  method,
                  path),
              null);
      return reply.withHeader("WWW-Authenticate", "Bearer");
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      metrics.discarded("too_large");
      return failed(
          "unmatched",
          "read",
          failure(
              CatalogErrorCode.REQUEST_TOO_LARGE,
              "RequestTooLargeException",
              "Cannot read request body of %s %s: larger than %d bytes",
              method,
              path,
              maxRequestBytes),
          null);
    }
    if (path.equals("/v1/config") && method.equals("GET")) {
      return ok("config", config());
    }
    Router.Resolution resolution = router.resolve(method, path);
    if (resolution instanceof Router.Match match) {
      return invoke(match, exchange, body);
    }
    if (resolution instanceof Router.WrongMethod wrong) {
      Failure failure =
          failure(
              CatalogErrorCode.METHOD_NOT_ALLOWED,
              "MethodNotAllowedException",
              "Cannot route %s %s: the path is served for %s only",
              method,
              path,
              wrong.allowed());
      return failed("unmatched", "route", failure, null)
          .withHeader("Allow", String.join(", ", wrong.allowed()));
    }
    return noRoute(method, path);
  }

  private Reply invoke(Router.Match match, HttpExchange exchange, byte[] body) {
    Route route = match.route();
    try {
      RestRequest request =
          new RestRequest(
              match.pathVariables(),
              RestRequest.parseQuery(exchange.getRequestURI().getRawQuery()),
              body,
              mapper);
      return ok(route.name(), route.handler().handle(request));
    } catch (RuntimeException | LinkageError e) {
      return failed(route.name(), "handle", Failure.of(e), e);
    }
  }

  private ConfigResponse config() {
    // No defaults or overrides: the warehouse and every storage setting live on this side.
    return ConfigResponse.builder()
        .withEndpoints(router.routes().stream().map(Route::endpoint).toList())
        .build();
  }

  private Reply health() {
    try {
      healthCheck.run();
      return new Reply("health", json(200, Map.of("status", "up")));
    } catch (RuntimeException e) {
      LOG.warn("Health check failed: {}", e.toString());
      metrics.error("health", CatalogErrorCode.STORAGE_UNAVAILABLE);
      return new Reply("health", json(503, Map.of("status", "down", "reason", String.valueOf(e))));
    }
  }

  private Reply noRoute(String method, String path) {
    metrics.discarded("no_route");
    return failed(
        "unmatched",
        "route",
        failure(
            CatalogErrorCode.NOT_FOUND,
            "NotFoundException",
            "Cannot route %s %s: no such endpoint",
            method,
            path),
        null);
  }

  private Reply ok(String route, Object result) {
    if (result == null) {
      return new Reply(route, new Response(204, null, new byte[0], Map.of()));
    }
    return new Reply(route, json(200, result));
  }

  private Reply failed(String route, String stage, Failure failure, Throwable cause) {
    metrics.error(stage, failure.code());
    if (failure.code().kind() != CatalogErrorCode.Kind.USER) {
      LOG.error("Cannot serve route {}: {}", route, failure.message(), cause);
    } else {
      LOG.debug("Refused request on route {}: {} {}", route, failure.type(), failure.message());
    }
    return new Reply(route, json(failure.code().httpStatus(), failure.toErrorResponse()));
  }

  private static Failure failure(
      CatalogErrorCode code, String type, String format, Object... args) {
    return new Failure(code, type, format.formatted(args));
  }

  private Response json(int status, Object value) {
    try {
      return new Response(status, JSON, mapper.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write response as JSON: " + e.getMessage(), e);
    }
  }

  /** The request body, or null when it is larger than the limit. */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.strip()) > maxRequestBytes) {
          return null;
        }
      } catch (NumberFormatException e) {
        // the server has checked the header already; the read below enforces the limit anyway
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body =
          in.readNBytes(Math.toIntExact(Math.min(maxRequestBytes + 1, Integer.MAX_VALUE - 8)));
      metrics.bodyReceived(body.length);
      return body.length > maxRequestBytes ? null : body;
    }
  }

  /** Sends the response; returns the number of body bytes sent. */
  private long write(HttpExchange exchange, Response response) {
    boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
    boolean empty = head || response.body().length == 0;
    try (exchange) {
      if (response.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
      }
      response.headers().forEach(exchange.getResponseHeaders()::set);
      exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body());
        }
      }
      return empty ? 0 : response.body().length;
    } catch (IOException e) {
      metrics.error("write", CatalogErrorCode.INTERNAL_ERROR);
      LOG.debug("Cannot send response {}: {}", response.status(), e.toString());
      return 0;
    }
  }

  private record Response(
      int status, String contentType, byte[] body, Map<String, String> headers) {}

  private record Reply(String route, Response response) {
    Reply withHeader(String name, String value) {
      Map<String, String> headers = new HashMap<>(response.headers());
      headers.put(name, value);
      return new Reply(
          route, new Response(response.status(), response.contentType(), response.body(), headers));
    }
  }
}
