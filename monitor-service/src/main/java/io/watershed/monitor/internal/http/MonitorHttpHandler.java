package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.watershed.kit.error.ErrorKind;
import io.watershed.kit.http.RequestBodyException;
import io.watershed.kit.http.RouteTable;
import io.watershed.kit.http.SafeText;
import io.watershed.kit.http.ServiceHandler;
import io.watershed.kit.http.ServiceRequest;
import io.watershed.kit.http.ServiceResponse;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.alerts.AlertService;
import io.watershed.monitor.internal.auth.Principal;
import io.watershed.monitor.internal.pipeline.PipelineService;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.rules.RuleService;
import io.watershed.monitor.internal.store.MonitorDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the service: routing, authentication, the body limit, error replies from {@link
 * MonitorErrorCode}, and the counters of every request. {@code /health}, {@code /metrics} and
 * {@code /openapi.json} need no token.
 */
public final class MonitorHttpHandler implements ServiceHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorHttpHandler.class);
  private static final String JSON = "application/json";
  private static final String OPENAPI_RESOURCE = "/io/watershed/monitor/openapi.json";
  private static final int LOGGED_MESSAGE_CHARACTERS = 1000;
  private static final int MAX_VIOLATIONS_SHOWN = 50;

  private final MonitorApi api;
  private final Authenticator authenticator;
  private final ObjectMapper mapper;
  private final Metrics metrics;
  private final AtomicBoolean draining;

  private MonitorHttpHandler(
      MonitorApi api,
      Authenticator authenticator,
      ObjectMapper mapper,
      Metrics metrics,
      AtomicBoolean draining) {
    this.api = requireNonNull(api, "api is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.draining = requireNonNull(draining, "draining is null");
  }

  /**
   * @param adminToken the bootstrap admin token from the config, or empty
   * @param agentToken the bootstrap agent token from the config, or empty
   */
  public static MonitorHttpHandler create(
      MonitorDatabase database,
      QueryService queries,
      PipelineService pipeline,
      Metrics metrics,
      boolean authEnabled,
      String adminToken,
      String agentToken) {
    ObjectMapper mapper = Json.newMapper();
    Authenticator authenticator =
        Authenticator.create(authEnabled, adminToken, agentToken, database);
    RuleService rules = new RuleService(database, mapper, metrics);
    MonitorApi api =
        new MonitorApi(
            new RuleApi(rules, database, mapper),
            new FleetApi(database, rules, mapper, new YAMLMapper(), metrics),
            new TokenApi(database, authenticator),
            new QueryApi(queries, Clock.systemUTC()),
            new AlertApi(new AlertService(database, rules, mapper, Clock.systemUTC())),
            new PipelineApi(pipeline, Clock.systemUTC()),
            database,
            rules,
            metrics,
            openApi(),
            UiFiles.fromClasspath());
    return new MonitorHttpHandler(api, authenticator, mapper, metrics, new AtomicBoolean());
  }

  /** Refuses new requests with 503 and waits up to {@code grace} for those in flight. */
  @Override
  public void drain(Duration grace) throws InterruptedException {
    draining.set(true);
    long deadline = System.nanoTime() + grace.toNanos();
    while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Override
  public ServiceResponse handle(ServiceRequest exchange) {
    long start = System.nanoTime();
    metrics.requestStarted();
    String route = "unmatched";
    Reply reply;
    String stage = "route";
    try {
      String method = exchange.method();
      String path = exchange.rawPath();
      String shownPath = SafeText.clip(path);
      if (draining.get()) {
        metrics.discarded("shutting_down");
        throw new ApiException(
            MonitorErrorCode.SHUTTING_DOWN,
            "Cannot serve %s %s: the service is stopping".formatted(method, shownPath));
      }
      RouteTable.Resolution<Endpoint> resolution = Endpoint.ROUTES.resolve(method, path);
      if (resolution instanceof RouteTable.WrongMethod<Endpoint> wrong) {
        metrics.discarded("method_not_allowed");
        reply =
            error(
                "route",
                new ApiException(
                    MonitorErrorCode.METHOD_NOT_ALLOWED,
                    "Cannot route %s %s: the path is served for %s only"
                        .formatted(method, shownPath, wrong.allowed())));
        reply = reply.withHeader("Allow", String.join(", ", wrong.allowed()));
      } else if (resolution instanceof RouteTable.Match<Endpoint> match) {
        route = match.route().label();
        stage = "auth";
        Principal principal =
            authenticator.authorize(match.route(), exchange.header("Authorization"));
        stage = "read";
        byte[] body = readBody(exchange, method, shownPath);
        stage = "handle";
        Map<String, List<String>> query = Request.parseQuery(exchange.rawQuery());
        Request request =
            new Request(
                match.route(),
                principal,
                Request.decodePath(match.pathVariables()),
                Request.firstValues(query),
                query,
                exchange.header("Content-Type"),
                exchange.header("If-None-Match"),
                body,
                mapper);
        reply = api.handle(request);
      } else {
        metrics.discarded("no_route");
        throw new ApiException(
            MonitorErrorCode.NOT_FOUND,
            "Cannot route %s %s: no such endpoint (GET /openapi.json lists them)"
                .formatted(method, shownPath));
      }
    } catch (ApiException e) {
      reply = error(stage, e);
    } catch (DataAccessException e) {
      reply = error(stage, MonitorDatabase.failure("serve " + route, e));
    } catch (RuntimeException | LinkageError e) {
      reply =
          error(
              stage,
              new ApiException(
                  MonitorErrorCode.INTERNAL_ERROR, "Cannot serve %s: %s".formatted(route, e), e));
    }
    Rendered rendered = render(reply);
    // counted before it is sent: a client holding the answer finds it in /metrics
    boolean head = exchange.method().equals("HEAD");
    metrics.requestFinished(
        route, rendered.status(), head ? 0 : rendered.body().length, System.nanoTime() - start);
    ServiceResponse response =
        new ServiceResponse(
            rendered.status(), rendered.contentType(), rendered.body(), reply.headers());
    return response;
  }

  @Override
  public void connectionDropped(String reason) {
    metrics.discarded(reason);
  }

  @Override
  public ServiceResponse error(int status, String message) {
    MonitorErrorCode code =
        switch (status) {
          case 404 -> MonitorErrorCode.NOT_FOUND;
          case 413 -> MonitorErrorCode.REQUEST_TOO_LARGE;
          default -> status >= 500 ? MonitorErrorCode.INTERNAL_ERROR : MonitorErrorCode.BAD_REQUEST;
        };
    Rendered rendered = render(error("read", new ApiException(code, message)));
    // the status Jetty found (e.g. 431) wins over the code's
    return new ServiceResponse(status, rendered.contentType(), rendered.body(), java.util.Map.of());
  }

  private Reply error(String stage, ApiException e) {
    MonitorErrorCode code = e.code();
    metrics.error(stage, code);
    switch (code) {
      case NOT_AUTHENTICATED -> metrics.discarded("unauthenticated");
      case FORBIDDEN -> metrics.discarded("forbidden");
      case REQUEST_TOO_LARGE -> metrics.discarded("too_large");
      case BAD_REQUEST, VALIDATION_FAILED, UNSUPPORTED_MEDIA_TYPE -> metrics.discarded("invalid");
      default -> {}
    }
    String message;
    if (code.kind() == ErrorKind.USER) {
      // Trino's answer to the caller's own SQL may quote that SQL: it is the caller's input
      message =
          code == MonitorErrorCode.QUERY_FAILED
              ? SafeText.messageKeepingSql(e.getMessage())
              : SafeText.message(e.getMessage());
      LOG.debug("Refused request at {}: {}", stage, message);
    } else {
      // the answer names the incident only; the log has the cause, clipped (SQL can be huge).
      // query_unavailable messages are the query package's own words, never Trino's.
      String incident = UUID.randomUUID().toString().substring(0, 8);
      message =
          switch (code) {
            case INTERNAL_ERROR -> "Cannot serve the request: internal error, incident " + incident;
            case QUERY_UNAVAILABLE ->
                SafeText.message(e.getMessage()) + " (incident " + incident + ")";
            default ->
                "Cannot serve the request: the store is unavailable or busy, incident " + incident;
          };
      LOG.error(
          "Request failed at {} (incident {}): {}{}",
          stage,
          incident,
          SafeText.clip(e.getMessage(), LOGGED_MESSAGE_CHARACTERS),
          e.getCause() == null
              ? ""
              : "; caused by: "
                  + SafeText.clip(e.getCause().getMessage(), LOGGED_MESSAGE_CHARACTERS));
      if (e.getCause() != null) {
        LOG.debug("Cause of incident {}", incident, e.getCause());
      }
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.tag());
    error.put("status", code.httpStatus());
    error.put("message", message);
    error.put("retriable", code.retriable());
    if (!e.violations().isEmpty()) {
      error.put(
          "violations",
          e.violations().stream().limit(MAX_VIOLATIONS_SHOWN).map(Violation::safe).toList());
    }
    Reply reply = Reply.status(code.httpStatus(), Map.of("error", error));
    if (code == MonitorErrorCode.NOT_AUTHENTICATED) {
      reply = reply.withHeader("WWW-Authenticate", "Bearer");
    }
    if (code.retriable()) {
      reply = reply.withHeader("Retry-After", "1");
    }
    return reply;
  }

  /** The request body, bounded and at a minimum rate by the server: 413 or 408 else. */
  private byte[] readBody(ServiceRequest exchange, String method, String shownPath) {
    try {
      byte[] body = exchange.body();
      metrics.bodyReceived(body.length);
      return body;
    } catch (RequestBodyException e) {
      MonitorErrorCode code =
          e.tooLarge() ? MonitorErrorCode.REQUEST_TOO_LARGE : MonitorErrorCode.BAD_REQUEST;
      throw new ApiException(
          code,
          "Cannot read request body of %s %s: %s%s"
              .formatted(
                  method,
                  shownPath,
                  e.getMessage().replace("Cannot read request body: ", ""),
                  e.tooLarge() ? " (monitor.max-request-bytes)" : ""));
    }
  }

  /** A reply's status and body bytes, ready to send. */
  private record Rendered(int status, String contentType, byte[] body) {}

  private Rendered render(Reply reply) {
    byte[] body;
    String contentType = reply.contentType();
    if (reply.json() != null) {
      try {
        body = mapper.writeValueAsBytes(reply.json());
        contentType = JSON;
      } catch (JsonProcessingException e) {
        LOG.error("Cannot write reply {} as JSON: {}", reply.status(), e.getMessage(), e);
        metrics.error("write", MonitorErrorCode.INTERNAL_ERROR);
        return new Rendered(500, null, new byte[0]);
      }
    } else {
      body = reply.raw() == null ? new byte[0] : reply.raw();
    }
    if (reply.status() == 304 || reply.status() == 204) {
      body = new byte[0];
    }
    return new Rendered(reply.status(), contentType, body);
  }

  private static byte[] openApi() {
    try (InputStream in = MonitorHttpHandler.class.getResourceAsStream(OPENAPI_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot read " + OPENAPI_RESOURCE + ": not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + OPENAPI_RESOURCE + ": " + e.getMessage(), e);
    }
  }
}
