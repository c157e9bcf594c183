package io.watershed.monitor.internal;

import java.util.Locale;

/**
 * The monitor service's error codes: each gives the HTTP status, whose side is at fault, whether a
 * retry may help, and the {@code error_type} metric tag.
 */
public enum MonitorErrorCode {
  BAD_REQUEST(400, Kind.USER, false),
  NOT_AUTHENTICATED(401, Kind.USER, false),
  FORBIDDEN(403, Kind.USER, false),
  NOT_FOUND(404, Kind.USER, false),
  METHOD_NOT_ALLOWED(405, Kind.USER, false),
  CONFLICT(409, Kind.USER, false),
  REQUEST_TOO_LARGE(413, Kind.USER, false),
  UNSUPPORTED_MEDIA_TYPE(415, Kind.USER, false),
  VALIDATION_FAILED(422, Kind.USER, false),
  CONCURRENT_UPDATE(503, Kind.EXTERNAL, true),
  STORE_UNAVAILABLE(503, Kind.EXTERNAL, true),
  SHUTTING_DOWN(503, Kind.INTERNAL, true),
  INTERNAL_ERROR(500, Kind.INTERNAL, false);

  /** Whose side is at fault. */
  public enum Kind {
    USER,
    EXTERNAL,
    INTERNAL
  }

  private final int httpStatus;
  private final Kind kind;
  private final boolean retriable;

  MonitorErrorCode(int httpStatus, Kind kind, boolean retriable) {
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

  /** The value of the {@code error_type} metric label, and of {@code code} in error bodies. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
