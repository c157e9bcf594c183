package io.watershed.collector.internal;

import java.util.Locale;

/**
 * The collector's error codes: each gives the HTTP status of the answer, whose side is at fault,
 * whether a retry may help (then the answer carries {@code Retry-After}), and the metric tag.
 */
public enum CollectorErrorCode {
  BAD_REQUEST(400, Kind.USER, false),
  BAD_BODY(400, Kind.USER, false),
  BAD_GZIP(400, Kind.USER, false),
  TOO_MANY_RECORDS(400, Kind.USER, false),
  MISSING_APP_KEY(401, Kind.USER, false),
  UNKNOWN_APP_KEY(401, Kind.USER, false),
  NOT_FOUND(404, Kind.USER, false),
  METHOD_NOT_ALLOWED(405, Kind.USER, false),
  REQUEST_TIMEOUT(408, Kind.USER, false),
  BODY_TOO_LARGE(413, Kind.USER, false),
  RECORD_TOO_LARGE(413, Kind.USER, false),
  URI_TOO_LONG(414, Kind.USER, false),
  UNSUPPORTED_ENCODING(415, Kind.USER, false),
  HEADERS_TOO_LARGE(431, Kind.USER, false),
  KAFKA_REJECTED(500, Kind.EXTERNAL, false),
  INTERNAL_ERROR(500, Kind.INTERNAL, false),
  KAFKA_UNAVAILABLE(503, Kind.EXTERNAL, true),
  OVERLOADED(503, Kind.INTERNAL, true),
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

  CollectorErrorCode(int httpStatus, Kind kind, boolean retriable) {
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

  /** The value of the {@code error_type} metric label and of the {@code error} JSON field. */
  public String metricTag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
