package io.watershed.catalog.internal;

import io.watershed.kit.error.ErrorCode;
import io.watershed.kit.error.ErrorKind;
import io.watershed.kit.error.ErrorType;

/**
 * The catalog service's error codes: each gives the HTTP status of the Iceberg {@code
 * ErrorResponse}, whose side is at fault, whether a retry may help, and the metric tag.
 */
public enum CatalogErrorCode implements ErrorCode {
  BAD_REQUEST(ErrorType.user(400)),
  NOT_AUTHORIZED(ErrorType.user(401)),
  FORBIDDEN(ErrorType.user(403)),
  NOT_FOUND(ErrorType.user(404)),
  METHOD_NOT_ALLOWED(ErrorType.user(405)),
  NOT_SUPPORTED(ErrorType.user(406)),
  ALREADY_EXISTS(ErrorType.user(409)),
  NAMESPACE_NOT_EMPTY(ErrorType.user(409)),
  COMMIT_CONFLICT(new ErrorType(409, ErrorKind.USER, true)),
  REQUEST_TOO_LARGE(ErrorType.user(413)),
  UNPROCESSABLE(ErrorType.user(422)),
  COMMIT_STATE_UNKNOWN(ErrorType.external(500, false)),
  INTERNAL_ERROR(ErrorType.internal(500, false)),
  STORAGE_UNAVAILABLE(ErrorType.external(503, true)),
  SHUTTING_DOWN(ErrorType.internal(503, true));

  private final ErrorType type;

  CatalogErrorCode(ErrorType type) {
    this.type = type;
  }

  @Override
  public ErrorType type() {
    return type;
  }
}
