package io.watershed.collector.intake.internal;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per refused request, at the level its kind deserves: the client's mistakes at DEBUG
 * (metrics count them), retriable outages and overloads at WARN at most once per interval, other
 * failures at ERROR with their cause.
 */
final class FailureLog {
  private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);
  private static final long INTERVAL_SECONDS = 10;
  private static final LogLimiter LIMITER =
      new LogLimiter(TimeUnit.SECONDS.toNanos(INTERVAL_SECONDS));

  private FailureLog() {}

  static void log(Exchange exchange, IntakeException failure) {
    int status = failure.code().httpStatus();
    if (status < 500) {
      LOG.debug("{} {}: {}", status, exchange.route, failure.getMessage());
    } else if (failure.code().retriable()) {
      long held = LIMITER.permit(failure.code(), System.nanoTime());
      if (held >= 0) {
        LOG.warn(
            "{} {} ({} more in the last {} s not logged): {}",
            status,
            failure.code().metricTag(),
            held,
            INTERVAL_SECONDS,
            failure.getMessage());
      }
    } else {
      LOG.error(
          "{} {} for app {} channel {} batch {}: {}",
          status,
          failure.code().metricTag(),
          exchange.app,
          exchange.channel,
          exchange.batchId,
          failure.getMessage(),
          failure.getCause());
    }
  }
}
