package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.CollectorErrorCode;

/**
 * A request the intake refuses, as the client sees it: the error code (which gives the HTTP
 * status), the message, and for a bad body the first offending line and the reason.
 */
final class IntakeException extends Exception {
  private final CollectorErrorCode code;
  private final int line;
  private final String reason;
  private final int discardedEvents;

  /**
   * @param line the 1-based line of the body where the problem is, 0 when there is none
   * @param reason what is wrong, without the "Cannot ..." preamble
   * @param discardedEvents records read before the failure that will not be answered with 202
   */
  IntakeException(
      CollectorErrorCode code, String message, int line, String reason, int discardedEvents) {
    super(requireNonNull(message, "message is null"));
    this.code = requireNonNull(code, "code is null");
    this.line = line;
    this.reason = requireNonNull(reason, "reason is null");
    this.discardedEvents = discardedEvents;
  }

  IntakeException(CollectorErrorCode code, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.code = requireNonNull(code, "code is null");
    this.line = 0;
    this.reason = message;
    this.discardedEvents = 0;
  }

  IntakeException(CollectorErrorCode code, String message) {
    this(code, message, 0, message, 0);
  }

  /** A body refused at {@code line}: not JSON, or a record too large. */
  static IntakeException badBody(
      CollectorErrorCode code, int line, String reason, int recordsBefore) {
    String where = line > 0 ? " at line " + line : "";
    return new IntakeException(
        code,
        "Cannot read UBC records%s: %s".formatted(where, reason),
        line,
        reason,
        recordsBefore);
  }

  IntakeException withDiscardedEvents(int events) {
    IntakeException copy = new IntakeException(code, getMessage(), line, reason, events);
    copy.initCause(getCause());
    return copy;
  }

  CollectorErrorCode code() {
    return code;
  }

  int line() {
    return line;
  }

  String reason() {
    return reason;
  }

  int discardedEvents() {
    return discardedEvents;
  }
}
