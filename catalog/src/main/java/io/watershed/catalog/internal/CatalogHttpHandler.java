package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.kit.error.ErrorKind;
import io.watershed.kit.http.RequestBodyException;
import io.watershed.kit.http.RouteTable;
import io.watershed.kit.http.SafeText;
import io.watershed.kit.http.ServiceHandler;
import io.watershed.kit.http.ServiceRequest;
import io.watershed.kit.http.ServiceResponse;
import io.watershed.kit.http.UrlText;
import io.watershed.kit.metrics.ComponentMetrics;
import io.watershed.kit.metrics.HttpMetrics;
import io.watershed.kit.metrics.ServiceMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the catalog: {@code /v1/...} goes through authentication, the body limit and
 * the route table to Iceberg's handlers; {@code /health}, {@code /health/ready} and {@code
 * /metrics} stay open ({@code /health/live} is the server's own).
 */
public final class CatalogHttpHandler implements ServiceHandler {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogHttpHandler.class);
  private static final String JSON = "application/json";

  private final RouteTable<Route> router;
  private final List<Route> routes;
  private final ObjectMapper mapper;
  private final BearerAuth auth;
  private final ServiceMetrics metrics;
  private final ComponentMetrics counters;
  private final HttpMetrics http;
  private final Runnable healthCheck;
  private final AtomicBoolean draining;

  private CatalogHttpHandler(
      List<Route> routes,
      RouteTable<Route> router,
      ObjectMapper mapper,
      BearerAuth auth,
      ServiceMetrics metrics,
      ComponentMetrics counters,
      Runnable healthCheck,
      AtomicBoolean draining) {
    this.routes = requireNonNull(routes, "routes is null");
    this.router = requireNonNull(router, "router is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.auth = requireNonNull(auth, "auth is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.http = counters.http();
    this.healthCheck = requireNonNull(healthCheck, "healthCheck is null");
    this.draining = requireNonNull(draining, "draining is null");
  }

  /**
   * @param healthCheck throws when the catalog's database cannot be reached
   */
  public static CatalogHttpHandler create(
      List<Route> routes, BearerAuth auth, ServiceMetrics metrics, Runnable healthCheck) {
    return create(routes, List.of(), auth, metrics, healthCheck);
  }

  /**
   * @param ownRoutes Watershed's routes under {@code /v1/watershed/}: authenticated like the REST
   *     routes, not advertised by {@code GET /v1/config}
   */
  public static CatalogHttpHandler create(
      List<Route> routes,
      List<Route> ownRoutes,
      BearerAuth auth,
      ServiceMetrics metrics,
      Runnable healthCheck) {
    List<Route> served = new ArrayList<>(routes);
    served.addAll(ownRoutes);
    return new CatalogHttpHandler(
        List.copyOf(routes),
        Route.table(served),
        RestJson.newMapper(),
        auth,
        metrics,
        metrics.component("catalog"),
        healthCheck,
        new AtomicBoolean());
  }

  /** Refuses new requests with 503 and waits up to {@code grace} for those in flight. */
  @Override
  public void drain(Duration grace) throws InterruptedException {
    draining.set(true);
    long deadline = System.nanoTime() + grace.toNanos();
    while (http.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Override
  public ServiceResponse handle(ServiceRequest request) {
    long start = System.nanoTime();
    counters.receivedEvents(1);
    http.started();
    Reply reply;
    try {
      reply = serve(request);
    } catch (RuntimeException | LinkageError e) {
      reply = failed("unmatched", "handle", Failure.of(e), e);
    }
    ServiceResponse response = reply.response();
    boolean head = request.method().equals("HEAD");
    long sent = head || response.status() == 204 ? 0 : response.body().length;
    http.finished(reply.route(), response.status(), sent, System.nanoTime() - start);
    counters.sentEvents(1);
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
    counters.error("read", code);
    return errorResponse(
        status,
        status >= 500 ? "ServiceFailureException" : "BadRequestException",
        SafeText.message(message));
  }

  @Override
  public void connectionDropped(String reason) {
    counters.discarded(reason, 1);
  }

  private Reply serve(ServiceRequest request) {
    String method = request.method();
    String path = request.rawPath();
    String shownPath = SafeText.clip(path);
    if (draining.get()) {
      counters.discarded("shutting_down", 1);
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
      return new Reply(
          "metrics",
          new ServiceResponse(200, ServiceMetrics.CONTENT_TYPE, metrics.scrape(), Map.of()));
    }
    if (!path.equals("/v1") && !path.startsWith("/v1/")) {
      return noRoute(method, shownPath);
    }
    if (!auth.accepts(request.header("Authorization"))) {
      counters.discarded("unauthorized", 1);
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
      counters.receivedBytes(body.length);
    } catch (RequestBodyException e) {
      return unreadBody(method, shownPath, e);
    }
    if (path.equals("/v1/config") && method.equals("GET")) {
      return ok("config", config());
    }
    RouteTable.Resolution<Route> resolution = router.resolve(method, path);
    if (resolution instanceof RouteTable.Match<Route> match) {
      return invoke(match, request, body);
    }
    if (resolution instanceof RouteTable.WrongMethod<Route> wrong) {
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
      counters.discarded("too_large", 1);
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
    counters.discarded("unreadable", 1);
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

  private Reply invoke(RouteTable.Match<Route> match, ServiceRequest request, byte[] body) {
    Route route = match.route();
    try {
      RestRequest rest =
          new RestRequest(match.pathVariables(), query(request.rawQuery()), body, mapper);
      return ok(route.name(), route.handler().handle(rest));
    } catch (RuntimeException | LinkageError e) {
      return failed(route.name(), "handle", Failure.of(e), e);
    }
  }

  private static Map<String, String> query(String rawQuery) {
    try {
      return UrlText.parseQuery(rawQuery);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e, "%s", e.getMessage());
    }
  }

  private ConfigResponse config() {
    // No defaults or overrides: the warehouse and every storage setting live on this side.
    return ConfigResponse.builder()
        .withEndpoints(routes.stream().map(Route::endpoint).toList())
        .build();
  }

  private Reply health() {
    try {
      healthCheck.run();
      return new Reply("health", json(200, Map.of("status", "up")));
    } catch (RuntimeException e) {
      LOG.warn("Health check failed: {}", e.toString());
      counters.error("health", CatalogErrorCode.STORAGE_UNAVAILABLE);
      return new Reply(
          "health",
          json(503, Map.of("status", "down", "reason", "the catalog database is unreachable")));
    }
  }

  private Reply noRoute(String method, String shownPath) {
    counters.discarded("no_route", 1);
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
    counters.error(stage, failure.code());
    if (failure.code().kind() != ErrorKind.USER) {
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
