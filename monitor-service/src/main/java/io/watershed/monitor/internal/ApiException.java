package io.watershed.monitor.internal;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** A request the service refuses or cannot serve: its error code, message and violations. */
public final class ApiException extends RuntimeException {
  private final MonitorErrorCode code;
  private final List<Violation> violations;

  public ApiException(MonitorErrorCode code, String message) {
    this(code, message, List.of(), null);
  }

  public ApiException(MonitorErrorCode code, String message, Throwable cause) {
    this(code, message, List.of(), cause);
  }

  private ApiException(
      MonitorErrorCode code, String message, List<Violation> violations, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
    this.violations = List.copyOf(requireNonNull(violations, "violations is null"));
  }

  /** 422 listing every violation: "Cannot {action}: n problem(s): ...". */
  public static ApiException invalid(String action, List<Violation> violations) {
    String listed = violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
    return new ApiException(
        MonitorErrorCode.VALIDATION_FAILED,
        "Cannot %s: %d problem(s): %s".formatted(action, violations.size(), listed),
        violations,
        null);
  }

  /** Throws {@link #invalid} when {@code violations} is not empty. */
  public static void check(String action, List<Violation> violations) {
    if (!violations.isEmpty()) {
      throw invalid(action, violations);
    }
  }

  public static ApiException notFound(String format, Object... args) {
    return new ApiException(MonitorErrorCode.NOT_FOUND, format.formatted(args));
  }

  public static ApiException badRequest(String format, Object... args) {
    return new ApiException(MonitorErrorCode.BAD_REQUEST, format.formatted(args));
  }

  public static ApiException conflict(String format, Object... args) {
    return new ApiException(MonitorErrorCode.CONFLICT, format.formatted(args));
  }

  public MonitorErrorCode code() {
    return code;
  }

  public List<Violation> violations() {
    return violations;
  }
}
