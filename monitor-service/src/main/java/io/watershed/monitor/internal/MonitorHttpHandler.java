package io.watershed.monitor.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the service: routing, authentication, the body limit, error replies from {@link
 * MonitorErrorCode}, and the counters of every request. {@code /health}, {@code /metrics} and
 * {@code /openapi.json} need no token.
 */
public final class MonitorHttpHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(MonitorHttpHandler.class);
  private static final String JSON = "application/json";
  private static final String OPENAPI_RESOURCE = "/io/watershed/monitor/openapi.json";

  private final MonitorApi api;
  private final Authenticator authenticator;
  private final ObjectMapper mapper;
  private final Metrics metrics;
  private final long maxRequestBytes;
  private final AtomicBoolean draining;

  private MonitorHttpHandler(
      MonitorApi api,
      Authenticator authenticator,
      ObjectMapper mapper,
      Metrics metrics,
      long maxRequestBytes,
      AtomicBoolean draining) {
    this.api = requireNonNull(api, "api is null");
    this.authenticator = requireNonNull(authenticator, "authenticator is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.maxRequestBytes = maxRequestBytes;
    this.draining = requireNonNull(draining, "draining is null");
  }

  /**
   * @param adminToken the bootstrap admin token from the config, or empty
   * @param agentToken the bootstrap agent token from the config, or empty
   */
  public static MonitorHttpHandler create(
      MonitorDatabase database,
      Metrics metrics,
      boolean authEnabled,
      String adminToken,
      String agentToken,
      long maxRequestBytes) {
    ObjectMapper mapper = Json.newMapper();
    Authenticator authenticator =
        Authenticator.create(authEnabled, adminToken, agentToken, database);
    RuleService rules = new RuleService(database, mapper, metrics);
    MonitorApi api =
        new MonitorApi(
            new RuleApi(rules, database, mapper),
            new FleetApi(database, rules, mapper, new YAMLMapper(), metrics),
            new TokenApi(database, authenticator),
            database,
            rules,
            metrics,
            openApi());
    return new MonitorHttpHandler(
        api, authenticator, mapper, metrics, maxRequestBytes, new AtomicBoolean());
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
    String route = "unmatched";
    Reply reply;
    String stage = "route";
    try {
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      String path = exchange.getRequestURI().getRawPath();
      if (draining.get()) {
        metrics.discarded("shutting_down");
        throw new ApiException(
            MonitorErrorCode.SHUTTING_DOWN,
            "Cannot serve %s %s: the service is stopping".formatted(method, path));
      }
      Router.Resolution resolution = Router.resolve(method, path);
      if (resolution instanceof Router.WrongMethod wrong) {
        metrics.discarded("method_not_allowed");
        reply =
            error(
                "route",
                new ApiException(
                    MonitorErrorCode.METHOD_NOT_ALLOWED,
                    "Cannot route %s %s: the path is served for %s only"
                        .formatted(method, path, wrong.allowed())));
        reply = reply.withHeader("Allow", String.join(", ", wrong.allowed()));
      } else if (resolution instanceof Router.Match match) {
        route = match.endpoint().label();
        stage = "auth";
        Principal principal =
            authenticator.authorize(
                match.endpoint(), exchange.getRequestHeaders().getFirst("Authorization"));
        stage = "read";
        byte[] body = readBody(exchange, method, path);
        stage = "handle";
        Request request =
            new Request(
                match.endpoint(),
                principal,
                match.pathVariables(),
                Request.parseQuery(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("If-None-Match"),
                body,
                mapper);
        reply = api.handle(request);
      } else {
        metrics.discarded("no_route");
        throw new ApiException(
            MonitorErrorCode.NOT_FOUND,
            "Cannot route %s %s: no such endpoint (GET /openapi.json lists them)"
                .formatted(method, path));
      }
    } catch (ApiException e) {
      reply = error(stage, e);
    } catch (DataAccessException e) {
      reply = error(stage, MonitorDatabase.failure("serve " + route, e));
    } catch (RuntimeException | IOException | LinkageError e) {
      reply =
          error(
              stage,
              new ApiException(
                  MonitorErrorCode.INTERNAL_ERROR, "Cannot serve %s: %s".formatted(route, e), e));
    }
    Rendered rendered = render(reply);
    // counted before it is sent: a client holding the answer finds it in /metrics
    metrics.requestFinished(
        route, rendered.status(), rendered.body().length, System.nanoTime() - start);
    send(exchange, reply, rendered);
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
    if (code.kind() == MonitorErrorCode.Kind.USER) {
      LOG.debug("Refused request at {}: {}", stage, e.getMessage());
    } else {
      LOG.error("Request failed at {}: {}", stage, e.getMessage(), e.getCause());
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code.tag());
    error.put("status", code.httpStatus());
    error.put("message", e.getMessage());
    error.put("retriable", code.retriable());
    if (!e.violations().isEmpty()) {
      error.put("violations", e.violations());
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

  /**
   * The request body. One over the limit is refused with 413; up to four times the limit of it is
   * read and dropped first, so that the client, still sending, gets the answer.
   */
  private byte[] readBody(HttpExchange exchange, String method, String path) throws IOException {
    long declared = -1;
    String header = exchange.getRequestHeaders().getFirst("Content-Length");
    if (header != null) {
      try {
        declared = Long.parseLong(header.strip());
      } catch (NumberFormatException e) {
        // the read below enforces the limit anyway
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      if (declared > maxRequestBytes) {
        metrics.bodyReceived(discard(in, 4 * maxRequestBytes));
        throw tooLarge(method, path);
      }
      byte[] body =
          in.readNBytes(Math.toIntExact(Math.min(maxRequestBytes + 1, Integer.MAX_VALUE - 8)));
      metrics.bodyReceived(body.length);
      if (body.length > maxRequestBytes) {
        metrics.bodyReceived(discard(in, 3 * maxRequestBytes));
        throw tooLarge(method, path);
      }
      return body;
    }
  }

  /** Reads and drops up to {@code limit} bytes; returns how many. */
  private static long discard(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (total < limit) {
      int read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
      if (read < 0) {
        break;
      }
      total += read;
    }
    return total;
  }

  private ApiException tooLarge(String method, String path) {
    return new ApiException(
        MonitorErrorCode.REQUEST_TOO_LARGE,
        "Cannot read request body of %s %s: larger than %d bytes (monitor.max-request-bytes)"
            .formatted(method, path, maxRequestBytes));
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

  private void send(HttpExchange exchange, Reply reply, Rendered rendered) {
    try (exchange) {
      if (rendered.contentType() != null) {
        exchange.getResponseHeaders().set("Content-Type", rendered.contentType());
      }
      reply.headers().forEach(exchange.getResponseHeaders()::set);
      byte[] body = rendered.body();
      exchange.sendResponseHeaders(rendered.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      metrics.error("write", MonitorErrorCode.INTERNAL_ERROR);
      LOG.debug("Cannot send reply {}: {}", rendered.status(), e.toString());
    }
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
