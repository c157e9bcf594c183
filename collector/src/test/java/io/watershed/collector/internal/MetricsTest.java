package io.watershed.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void scrapesTheStandardCountersPerComponent() {
    Metrics metrics = new Metrics();
    Metrics.Component intake = metrics.component("intake");
    metrics.gauge("intake_inflight_bytes", "Bytes held.", () -> 42);

    assertThat(metrics.scrape())
        .contains("received_bytes_total{component=\"intake\"} 0\n")
        .contains("received_events_total{component=\"intake\"} 0\n")
        .contains("sent_events_total{component=\"intake\"} 0\n");

    intake.receivedBytes(1000);
    intake.receivedEvents(3);
    intake.sentEvents(2);
    intake.error("send", CollectorErrorCode.KAFKA_UNAVAILABLE);
    intake.discarded(CollectorErrorCode.KAFKA_UNAVAILABLE, 1);
    intake.discarded(CollectorErrorCode.BAD_BODY, 0);
    metrics.httpRequest("ubc", 202, 3_000_000);
    metrics.httpRequest("ubc", 503, 20_000_000_000L);

    assertThat(metrics.scrape())
        .contains("# TYPE received_bytes_total counter\n")
        .contains("received_bytes_total{component=\"intake\"} 1000\n")
        .contains("received_events_total{component=\"intake\"} 3\n")
        .contains("sent_events_total{component=\"intake\"} 2\n")
        .contains(
            "errors_total{component=\"intake\",stage=\"send\",error_type=\"kafka_unavailable\"} 1\n")
        .contains("discarded_events_total{component=\"intake\",reason=\"kafka_unavailable\"} 1\n")
        .doesNotContain("reason=\"bad_body\"")
        .contains("intake_http_requests_total{route=\"ubc\",status=\"202\"} 1\n")
        .contains("intake_http_requests_total{route=\"ubc\",status=\"503\"} 1\n")
        .contains("intake_http_request_duration_seconds_bucket{route=\"ubc\",le=\"0.005\"} 1\n")
        .contains("intake_http_request_duration_seconds_bucket{route=\"ubc\",le=\"+Inf\"} 2\n")
        .contains("intake_http_request_duration_seconds_count{route=\"ubc\"} 2\n")
        .contains("# TYPE intake_inflight_bytes gauge\nintake_inflight_bytes 42\n");
  }

  @Test
  void errorCodesGiveStatusAndRetry() {
    assertThat(CollectorErrorCode.KAFKA_UNAVAILABLE.httpStatus()).isEqualTo(503);
    assertThat(CollectorErrorCode.KAFKA_UNAVAILABLE.retriable()).isTrue();
    assertThat(CollectorErrorCode.OVERLOADED.retriable()).isTrue();
    assertThat(CollectorErrorCode.BAD_BODY.httpStatus()).isEqualTo(400);
    assertThat(CollectorErrorCode.BAD_BODY.kind()).isEqualTo(CollectorErrorCode.Kind.USER);
    assertThat(CollectorErrorCode.BODY_TOO_LARGE.metricTag()).isEqualTo("body_too_large");
    for (CollectorErrorCode code : CollectorErrorCode.values()) {
      assertThat(code.retriable()).as(code.name()).isEqualTo(code.httpStatus() == 503);
    }
  }
}
