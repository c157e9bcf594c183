package io.watershed.collector.internal;

import io.watershed.kit.error.ErrorCode;
import io.watershed.kit.error.ErrorType;

/**
 * The collector's error codes: each gives the HTTP status of the answer, whose side is at fault,
 * whether a retry may help (then the answer carries {@code Retry-After}), and the metric tag.
 */
public enum CollectorErrorCode implements ErrorCode {
  BAD_REQUEST(ErrorType.user(400)),
  BAD_BODY(ErrorType.user(400)),
  BAD_GZIP(ErrorType.user(400)),
  TOO_MANY_RECORDS(ErrorType.user(400)),
  MISSING_APP_KEY(ErrorType.user(401)),
  UNKNOWN_APP_KEY(ErrorType.user(401)),
  NOT_FOUND(ErrorType.user(404)),
  METHOD_NOT_ALLOWED(ErrorType.user(405)),
  REQUEST_TIMEOUT(ErrorType.user(408)),
  BODY_TOO_LARGE(ErrorType.user(413)),
  RECORD_TOO_LARGE(ErrorType.user(413)),
  URI_TOO_LONG(ErrorType.user(414)),
  UNSUPPORTED_ENCODING(ErrorType.user(415)),
  HEADERS_TOO_LARGE(ErrorType.user(431)),
  KAFKA_REJECTED(ErrorType.external(500, false)),
  INTERNAL_ERROR(ErrorType.internal(500, false)),
  KAFKA_UNAVAILABLE(ErrorType.external(503, true)),
  OVERLOADED(ErrorType.internal(503, true)),
  SHUTTING_DOWN(ErrorType.internal(503, true));

  private final ErrorType type;

  CollectorErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }

  /** The value of the {@code error_type} metric label and of the {@code error} JSON field. */
  public String metricTag() {
    return tag();
  }
}
