package io.watershed.monitor.internal;

import io.watershed.kit.error.ErrorCode;
import io.watershed.kit.error.ErrorType;

/**
 * The monitor service's error codes: each gives the HTTP status, whose side is at fault, whether a
 * retry may help, and the {@code error_type} metric tag and {@code code} of error bodies.
 */
public enum MonitorErrorCode implements ErrorCode {
  BAD_REQUEST(ErrorType.user(400)),
  NOT_AUTHENTICATED(ErrorType.user(401)),
  FORBIDDEN(ErrorType.user(403)),
  NOT_FOUND(ErrorType.user(404)),
  METHOD_NOT_ALLOWED(ErrorType.user(405)),
  CONFLICT(ErrorType.user(409)),
  REQUEST_TOO_LARGE(ErrorType.user(413)),
  UNSUPPORTED_MEDIA_TYPE(ErrorType.user(415)),
  VALIDATION_FAILED(ErrorType.user(422)),
  /** Trino refused the caller's own SQL (POST /v1/sql): its message is the answer's. */
  QUERY_FAILED(ErrorType.user(400)),
  CONCURRENT_UPDATE(ErrorType.external(503, true)),
  STORE_UNAVAILABLE(ErrorType.external(503, true)),
  /** The query API is off, or Trino is unreachable, busy, too slow or failed. */
  QUERY_UNAVAILABLE(ErrorType.external(503, true)),
  SHUTTING_DOWN(ErrorType.internal(503, true)),
  INTERNAL_ERROR(ErrorType.internal(500, false));

  private final ErrorType type;

  MonitorErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
