package io.watershed.kit.http.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.HttpLimits;
import io.watershed.kit.http.ServiceHandler;
import io.watershed.kit.http.ServiceResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each Jetty request to the service's {@link ServiceHandler} on a request thread, and writes
 * its answer. {@code GET /health/live} is answered here: the process serves, whatever its
 * dependencies do.
 */
public final class ServiceAdapter extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceAdapter.class);
  public static final String LIVENESS_PATH = "/health/live";
  private static final byte[] LIVE = "{\"status\":\"up\"}".getBytes(StandardCharsets.UTF_8);

  private final ServiceHandler handler;
  private final HttpLimits limits;
  private final Scheduler scheduler;
  private final HeadDeadline deadline;

  public ServiceAdapter(
      ServiceHandler handler, HttpLimits limits, Scheduler scheduler, HeadDeadline deadline) {
    super(InvocationType.BLOCKING);
    this.handler = requireNonNull(handler, "handler is null");
    this.limits = requireNonNull(limits, "limits is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.deadline = requireNonNull(deadline, "deadline is null");
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Connection connection = request.getConnectionMetaData().getConnection();
    deadline.started(connection);
    Callback finishing =
        new Callback() {
          @Override
          public void succeeded() {
            deadline.finished(connection);
            callback.succeeded();
          }

          @Override
          public void failed(Throwable failure) {
            deadline.finished(connection);
            callback.failed(failure);
          }

          @Override
          public InvocationType getInvocationType() {
            return callback.getInvocationType();
          }
        };
    JettyServiceRequest exchange = new JettyServiceRequest(request, limits, scheduler);
    ServiceResponse answer;
    if (exchange.rawPath().equals(LIVENESS_PATH) && exchange.method().equals("GET")) {
      answer = ServiceResponse.json(200, LIVE);
    } else {
      answer = serve(exchange);
    }
    write(request, response, answer, finishing);
    return true;
  }

  private ServiceResponse serve(JettyServiceRequest exchange) {
    try {
      return handler.handle(exchange);
    } catch (RuntimeException | LinkageError e) {
      String incident = UUID.randomUUID().toString().substring(0, 8);
      LOG.error("Cannot serve {} (incident {}): handler failed", exchange.method(), incident, e);
      return handler.error(500, "Cannot serve the request: internal error, incident " + incident);
    }
  }

  static void write(Request request, Response response, ServiceResponse answer, Callback callback) {
    response.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.getHeaders().put(header.getKey(), header.getValue());
    }
    boolean bodyless =
        request.getMethod().equalsIgnoreCase("HEAD")
            || answer.status() == 204
            || answer.status() == 304
            || answer.status() < 200;
    if (bodyless || answer.body().length == 0) {
      if (!bodyless && answer.contentType() != null) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
      }
      if (!bodyless) {
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
      }
      response.write(true, null, callback);
      return;
    }
    if (answer.contentType() != null) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    }
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    response.write(true, ByteBuffer.wrap(answer.body()), callback);
  }
}
