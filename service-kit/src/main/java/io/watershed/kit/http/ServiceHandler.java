package io.watershed.kit.http;

import java.time.Duration;

/** A service's HTTP API: the routing and the handlers behind a {@link ControlPlaneServer}. */
public interface ServiceHandler {
  /**
   * Serves one request; runs on one of the server's request threads and may block. An exception
   * becomes a 500 with {@link #error}'s body and no detail.
   */
  ServiceResponse handle(ServiceRequest request);

  /**
   * The body of an error the server answers itself (a malformed request head, headers too large, a
   * failed handler), in the service's own error format. {@code message} is safe to send.
   */
  default ServiceResponse error(int status, String message) {
    return JsonErrors.response(status, message);
  }

  /**
   * The server closed a connection before any request on it reached {@link #handle}: {@code
   * header_timeout} when it did not send a whole request head in time. For the service's {@code
   * discarded_events_total{reason}} counter; must not block.
   */
  default void connectionDropped(String reason) {}

  /**
   * The server is closing: refuse new requests (503) and wait up to {@code grace} for those in
   * flight. Called by {@link ControlPlaneServer#close()} before it stops the server.
   */
  default void drain(Duration grace) throws InterruptedException {}
}
