package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.internal.CollectorErrorCode;
import org.junit.jupiter.api.Test;

class LogLimiterTest {
  @Test
  void logsOncePerIntervalAndCountsTheRest() {
    LogLimiter limiter = new LogLimiter(1000);
    CollectorErrorCode overloaded = CollectorErrorCode.OVERLOADED;

    assertThat(limiter.permit(overloaded, 0)).isZero();
    assertThat(limiter.permit(overloaded, 10)).isEqualTo(-1);
    assertThat(limiter.permit(overloaded, 999)).isEqualTo(-1);
    assertThat(limiter.permit(CollectorErrorCode.KAFKA_UNAVAILABLE, 999)).isZero();
    assertThat(limiter.permit(overloaded, 1000)).isEqualTo(2);
    assertThat(limiter.permit(overloaded, 1001)).isEqualTo(-1);
  }
}
