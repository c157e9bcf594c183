package io.watershed.catalog.internal;

import java.util.Locale;

/**
 * The catalog service's error codes: each gives the HTTP status of the Iceberg {@code
 * ErrorResponse}, whose side is at fault, whether a retry may help, and the metric tag.
 */
public enum CatalogErrorCode {
  BAD_REQUEST(400, Kind.USER, false),
  NOT_AUTHORIZED(401, Kind.USER, false),
  FORBIDDEN(403, Kind.USER, false),
  NOT_FOUND(404, Kind.USER, false),
  METHOD_NOT_ALLOWED(405, Kind.USER, false),
  NOT_SUPPORTED(406, Kind.USER, false),
  ALREADY_EXISTS(409, Kind.USER, false),
  NAMESPACE_NOT_EMPTY(409, Kind.USER, false),
  COMMIT_CONFLICT(409, Kind.USER, true),
  REQUEST_TOO_LARGE(413, Kind.USER, false),
  UNPROCESSABLE(422, Kind.USER, false),
  COMMIT_STATE_UNKNOWN(500, Kind.EXTERNAL, false),
  INTERNAL_ERROR(500, Kind.INTERNAL, false),
  STORAGE_UNAVAILABLE(503, Kind.EXTERNAL, true),
  SHUTTING_DOWN(503, Kind.INTERNAL, true);

  /** Whose side is at fault. */
  public enum Kind {
    USER,
    EXTERNAL,
    INTERNAL
  }

  private final int httpStatus;
  private final Kind kind;
  private final boolean retriable;

  CatalogErrorCode(int httpStatus, Kind kind, boolean retriable) {
    this.httpStatus = httpStatus;
    this.kind = kind;
    this.retriable = retriable;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retriable() {
    return retriable;
  }

  /** The value of the {@code error_type} metric label. */
  public String metricTag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
