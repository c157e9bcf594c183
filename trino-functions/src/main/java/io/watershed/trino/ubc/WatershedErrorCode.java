package io.watershed.trino.ubc;

import static io.trino.spi.ErrorType.EXTERNAL;

import io.trino.spi.ErrorCode;
import io.trino.spi.ErrorCodeSupplier;
import io.trino.spi.ErrorType;

/**
 * The errors of the UBC functions beyond Trino's standard ones, as Trino's connectors list theirs.
 */
enum WatershedErrorCode implements ErrorCodeSupplier {
  /** The Trino server was started without {@code -Dwatershed.rules.url}. */
  WATERSHED_RULES_NOT_CONFIGURED(0, EXTERNAL),
  /** The monitor service gave no usable rule set in time. */
  WATERSHED_RULES_UNAVAILABLE(1, EXTERNAL);

  private final ErrorCode errorCode;

  WatershedErrorCode(int code, ErrorType type) {
    errorCode = new ErrorCode(code + 0x0577_0000, name(), type);
  }

  @Override
  public ErrorCode toErrorCode() {
    return errorCode;
  }
}
