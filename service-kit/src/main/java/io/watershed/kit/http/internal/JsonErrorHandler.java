package io.watershed.kit.http.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.ServiceHandler;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty finds itself (a malformed request line, headers over the limit, a
 * request the server cannot take) in the service's JSON error format, with the status's reason
 * only: no stack trace, no exception text, no echo of the request.
 */
public final class JsonErrorHandler extends ErrorHandler {
  private final ServiceHandler handler;

  public JsonErrorHandler(ServiceHandler handler) {
    this.handler = requireNonNull(handler, "handler is null");
    setShowStacks(false);
    setShowCauses(false);
    setShowMessageInTitle(false);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() >= 400 ? response.getStatus() : 500;
    String reason = HttpStatus.getMessage(status).toLowerCase(Locale.ROOT);
    ServiceAdapter.write(
        request, response, handler.error(status, "Cannot serve the request: " + reason), callback);
    return true;
  }
}
