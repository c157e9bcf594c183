package io.watershed.kit.http;

/** A request body the server did not take: too large (413) or too slow (408). */
public final class RequestBodyException extends RuntimeException {
  private final int status;

  private RequestBodyException(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public static RequestBodyException tooLarge(long limit) {
    return new RequestBodyException(
        413, "Cannot read request body: larger than %d bytes".formatted(limit), null);
  }

  public static RequestBodyException tooSlow(long minBytesPerSecond, Throwable cause) {
    return new RequestBodyException(
        408,
        "Cannot read request body: it arrived slower than %d bytes per second"
            .formatted(minBytesPerSecond),
        cause);
  }

  public static RequestBodyException broken(Throwable cause) {
    return new RequestBodyException(
        400, "Cannot read request body: the connection failed while reading it", cause);
  }

  /** 413, 408 or 400. */
  public int status() {
    return status;
  }

  public boolean tooLarge() {
    return status == 413;
  }
}
