package io.watershed.collector.agent.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import io.watershed.kit.http.ControlPlaneServer;
import io.watershed.kit.http.HttpLimits;
import io.watershed.kit.http.SafeText;
import io.watershed.kit.http.ServiceHandler;
import io.watershed.kit.http.ServiceRequest;
import io.watershed.kit.http.ServiceResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent's {@code GET /health} and {@code GET /metrics} (and the kit's {@code /health/live}), on
 * the service kit's control-plane server: a connection that has not sent a whole request head
 * within {@link #REQUEST_TIMEOUT} of connecting (or of its last answer) is closed, and waiting
 * connections hold no thread, so a client that sends half a request blocks no one.
 */
public final class AgentHttp implements AutoCloseable {
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int THREADS = 2;
  private static final int MAX_CONNECTIONS = 64;
  private static final long MAX_BODY_BYTES = 8192;

  private final ControlPlaneServer server;

  private AgentHttp(ControlPlaneServer server) {
    this.server = requireNonNull(server, "server is null");
  }

  /**
   * Serves {@code /health} (200 with {@code status()} while {@code alive}, else 500) and {@code
   * /metrics}.
   */
  public static AgentHttp start(
      String host, int port, Metrics metrics, BooleanSupplier alive, Supplier<String> status) {
    return start(host, port, metrics, alive, status, REQUEST_TIMEOUT);
  }

  static AgentHttp start(
      String host,
      int port,
      Metrics metrics,
      BooleanSupplier alive,
      Supplier<String> status,
      Duration requestTimeout) {
    HttpLimits limits =
        new HttpLimits(
            THREADS,
            MAX_CONNECTIONS,
            requestTimeout,
            HttpLimits.DEFAULT_IDLE_TIMEOUT,
            HttpLimits.DEFAULT_MIN_REQUEST_BYTES_PER_SECOND,
            MAX_BODY_BYTES,
            HttpLimits.DEFAULT_MAX_HEADER_BYTES);
    return new AgentHttp(
        ControlPlaneServer.start("agent", host, port, limits, new Handler(metrics, alive, status)));
  }

  public int port() {
    return server.address().getPort();
  }

  @Override
  public void close() {
    server.close();
  }

  /** The two routes, and errors in the collector's own format. */
  private record Handler(Metrics metrics, BooleanSupplier alive, Supplier<String> status)
      implements ServiceHandler {
    Handler {
      requireNonNull(metrics, "metrics is null");
      requireNonNull(alive, "alive is null");
      requireNonNull(status, "status is null");
    }

    @Override
    public ServiceResponse handle(ServiceRequest request) {
      String path = request.rawPath();
      if (!path.equals("/health") && !path.equals("/metrics")) {
        return failure(CollectorErrorCode.NOT_FOUND, "Cannot find " + SafeText.clip(path));
      }
      if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
        return failure(
                CollectorErrorCode.METHOD_NOT_ALLOWED,
                "Cannot %s %s: only GET".formatted(SafeText.clip(request.method()), path))
            .withHeader("Allow", "GET");
      }
      if (path.equals("/metrics")) {
        return new ServiceResponse(
            200, Metrics.CONTENT_TYPE, metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of());
      }
      if (alive.getAsBoolean()) {
        return ServiceResponse.json(200, status.get().getBytes(StandardCharsets.UTF_8));
      }
      return failure(
          CollectorErrorCode.INTERNAL_ERROR,
          "Cannot read files: the agent's reading thread stopped");
    }

    @Override
    public ServiceResponse error(int status, String message) {
      CollectorErrorCode code =
          switch (status) {
            case 404 -> CollectorErrorCode.NOT_FOUND;
            case 408 -> CollectorErrorCode.REQUEST_TIMEOUT;
            case 413 -> CollectorErrorCode.BODY_TOO_LARGE;
            case 414 -> CollectorErrorCode.URI_TOO_LONG;
            case 431 -> CollectorErrorCode.HEADERS_TOO_LARGE;
            default ->
                status >= 500 ? CollectorErrorCode.INTERNAL_ERROR : CollectorErrorCode.BAD_REQUEST;
          };
      ServiceResponse body = failure(code, message);
      return new ServiceResponse(status, body.contentType(), body.body(), Map.of());
    }

    /** The collector's error body: {@code {"error": tag, "message", "retriable"}}. */
    private static ServiceResponse failure(CollectorErrorCode code, String message) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("error", code.tag());
      error.put("message", SafeText.message(message));
      error.put("retriable", code.retriable());
      try {
        return ServiceResponse.json(code.httpStatus(), MAPPER.writeValueAsBytes(error));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Cannot write an error as JSON: " + e.getMessage(), e);
      }
    }
  }
}
