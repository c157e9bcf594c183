package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.kit.http.RequestBodyException;
import io.watershed.kit.http.SafeText;
import io.watershed.kit.http.ServiceHandler;
import io.watershed.kit.http.ServiceRequest;
import io.watershed.kit.http.ServiceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the catalog: {@code /v1/...} goes through authentication, the body limit and
 * the {@link Router} to Iceberg's handlers; {@code /health}, {@code /health/ready} and {@code
 * /metrics} stay open ({@code /health/live} is the server's own).
 */
public final class CatalogHttpHandler implements ServiceHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogHttpHandler.class);
  private static final String JSON = "application/json";

  private final Router router;
  private final ObjectMapper mapper;
  private final BearerAuth auth;
  private final Metrics metrics;
  private final Runnable healthCheck;
  private final AtomicBoolean draining;

  private CatalogHttpHandler(
      Router router,
      ObjectMapper mapper,
      BearerAuth auth,
      Metrics metrics,
      Runnable healthCheck,
      AtomicBoolean draining) {
    this.router = requireNonNull(router, "router is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.auth = requireNonNull(auth, "auth is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.healthCheck = requireNonNull(healthCheck, "healthCheck is null");
    this.draining = requireNonNull(draining, "draining is null");
  }

  /**
   * @param healthCheck throws when the catalog's database cannot be reached
   */
  public static CatalogHttpHandler create(
      List<Route> routes, BearerAuth auth, Metrics metrics, Runnable healthCheck) {
    return new CatalogHttpHandler(
        Router.of(routes), RestJson.newMapper(), auth, metrics, healthCheck, new AtomicBoolean());
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
  public ServiceResponse handle(ServiceRequest request) {
    long start = System.nanoTime();
    metrics.requestStarted();
    Reply reply;
    try {
      reply = serve(request);
    } catch (RuntimeException | LinkageError e) {
      reply = failed("unmatched", "handle", Failure.of(e), e);
    }
    ServiceResponse response = reply.response();
    boolean head = request.method().equals("HEAD");
    long sent = head || response.status() == 204 ? 0 : response.body().length;
    metrics.requestFinished(reply.route(), response.status(), sent, System.nanoTime() - start);
    return response;
  }

  @Override
  public ServiceResponse error(int status, String message) {
    CatalogErrorCode code =
        switch (status) {
          case 400 -> CatalogErrorCode.BAD_REQUEST;
          case 404 -> CatalogErrorCode.NOT_FOUND;
          case 413 -> CatalogErrorCode.REQUEST_TOO_LARGE;
          default -> status >= 500 ? CatalogErrorCode.INTERNAL_ERROR : CatalogErrorCode.BAD_REQUEST;
        };
    metrics.error("read", code);
    return errorResponse(
        status,
        status >= 500 ? "ServiceFailureException" : "BadRequestException",
        SafeText.message(message));
  }

  @Override
  public void connectionDropped(String reason) {
    metrics.discarded(reason);
  }

  private Reply serve(ServiceRequest request) {
    String method = request.method();
    String path = request.rawPath();
    String shownPath = SafeText.clip(path);
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
              shownPath),
          null);
    }
    if ((path.equals("/health") || path.equals("/health/ready")) && method.equals("GET")) {
      return health();
    }
    if (path.equals("/metrics") && method.equals("GET")) {
      byte[] text = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      return new Reply(
          "metrics",
          new ServiceResponse(200, "text/plain; version=0.0.4; charset=utf-8", text, Map.of()));
    }
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return noRoute(method, shownPath);
    }
    if (!auth.accepts(request.header("Authorization"))) {
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
                  shownPath),
              null);
      return reply.withHeader("WWW-Authenticate", "Bearer");
    }
    byte[] body;
    try {
      body = request.body();
      metrics.bodyReceived(body.length);
    } catch (RequestBodyException e) {
      return unreadBody(method, shownPath, e);
    }
    if (path.equals("/v1/config") && method.equals("GET")) {
      return ok("config", config());
    }
    Router.Resolution resolution = router.resolve(method, path);
    if (resolution instanceof Router.Match match) {
      return invoke(match, request, body);
    }
    if (resolution instanceof Router.WrongMethod wrong) {
      Failure failure =
          failure(
              CatalogErrorCode.METHOD_NOT_ALLOWED,
              "MethodNotAllowedException",
              "Cannot route %s %s: the path is served for %s only",
              method,
              shownPath,
              wrong.allowed());
      return failed("unmatched", "route", failure, null)
          .withHeader("Allow", String.join(", ", wrong.allowed()));
    }
    return noRoute(method, shownPath);
  }

  private Reply unreadBody(String method, String shownPath, RequestBodyException e) {
    if (e.tooLarge()) {
      metrics.discarded("too_large");
      return failed(
          "unmatched",
          "read",
          failure(
              CatalogErrorCode.REQUEST_TOO_LARGE,
              "RequestTooLargeException",
              "Cannot read request body of %s %s: %s (catalog.max-request-bytes)",
              method,
              shownPath,
              e.getMessage().replace("Cannot read request body: ", "")),
          null);
    }
    metrics.discarded("unreadable");
    return failed(
        "unmatched",
        "read",
        failure(
            CatalogErrorCode.BAD_REQUEST,
            "BadRequestException",
            "Cannot read request body of %s %s: %s",
            method,
            shownPath,
            e.getMessage().replace("Cannot read request body: ", "")),
        null);
  }

  private Reply invoke(Router.Match match, ServiceRequest request, byte[] body) {
    Route route = match.route();
    try {
      RestRequest rest =
          new RestRequest(
              match.pathVariables(), RestRequest.parseQuery(request.rawQuery()), body, mapper);
      return ok(route.name(), route.handler().handle(rest));
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
      return new Reply(
          "health",
          json(503, Map.of("status", "down", "reason", "the catalog database is unreachable")));
    }
  }

  private Reply noRoute(String method, String shownPath) {
    metrics.discarded("no_route");
    return failed(
        "unmatched",
        "route",
        failure(
            CatalogErrorCode.NOT_FOUND,
            "NotFoundException",
            "Cannot route %s %s: no such endpoint",
            method,
            shownPath),
        null);
  }

  private Reply ok(String route, Object result) {
    if (result == null) {
      return new Reply(route, ServiceResponse.empty(204));
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
    return new Reply(
        route, errorResponse(failure.code().httpStatus(), failure.type(), failure.message()));
  }

  private ServiceResponse errorResponse(int status, String type, String message) {
    return json(
        status,
        ErrorResponse.builder()
            .responseCode(status)
            .withType(type)
            .withMessage(SafeText.message(message))
            .build());
  }

  private static Failure failure(
      CatalogErrorCode code, String type, String format, Object... args) {
    return new Failure(code, type, format.formatted(args));
  }

  private ServiceResponse json(int status, Object value) {
    try {
      return new ServiceResponse(status, JSON, mapper.writeValueAsBytes(value), Map.of());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write response as JSON: " + e.getMessage(), e);
    }
  }

  private record Reply(String route, ServiceResponse response) {
    Reply withHeader(String name, String value) {
      return new Reply(route, response.withHeader(name, value));
    }
  }
}
