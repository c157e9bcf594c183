package io.watershed.kit.error;

import java.util.Locale;

/**
 * One error code of a service (STYLE.md 10). Each service has one enum implementing this; its
 * constants carry an {@link ErrorType}, from which the HTTP status, the {@code error_type} metric
 * label and the {@code code} of error bodies come:
 *
 * <pre>{@code
 * enum CatalogErrorCode implements ErrorCode {
 *   BAD_REQUEST(ErrorType.user(400)),
 *   STORAGE_UNAVAILABLE(ErrorType.external(503, true));
 *   ...
 * }
 * }</pre>
 */
public interface ErrorCode {
  /** The constant's name, e.g. {@code BAD_REQUEST} (enums implement it). */
  String name();

  ErrorType type();

  default int httpStatus() {
    return type().httpStatus();
  }

  default ErrorKind kind() {
    return type().kind();
  }

  default boolean retriable() {
    return type().retriable();
  }

  /**
   * The {@code error_type} metric label and the {@code code} of error bodies: the name in lower
   * case.
   */
  default String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
