package io.watershed.kit.error;

import static java.util.Objects.requireNonNull;

/**
 * What an error code means to a client: the HTTP status it is answered with, whose side is at
 * fault, and whether the same request may succeed when retried.
 *
 * @param httpStatus the HTTP status, 400 to 599
 * @param kind whose side is at fault
 * @param retriable whether a retry of the same request may succeed
 */
public record ErrorType(int httpStatus, ErrorKind kind, boolean retriable) {
  public ErrorType {
    requireNonNull(kind, "kind is null");
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException(
          "Cannot use HTTP status %d for an error: must be 400 to 599".formatted(httpStatus));
    }
  }

  /** The caller's fault, not retriable. */
  public static ErrorType user(int httpStatus) {
    return new ErrorType(httpStatus, ErrorKind.USER, false);
  }

  /** A dependency's fault. */
  public static ErrorType external(int httpStatus, boolean retriable) {
    return new ErrorType(httpStatus, ErrorKind.EXTERNAL, retriable);
  }

  /** The service's own fault. */
  public static ErrorType internal(int httpStatus, boolean retriable) {
    return new ErrorType(httpStatus, ErrorKind.INTERNAL, retriable);
  }
}
