package io.watershed.collector.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.error.ErrorKind;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void scrapesTheStandardCountersPerComponent() {
    Metrics metrics = new Metrics();
    Metrics.Component intake = metrics.component("intake");
    metrics.gauge("intake_inflight_bytes", "Bytes held.", () -> 16_777_216);

    assertThat(metrics.scrape())
        .contains("watershed_intake_received_bytes_total 0.0\n")
        .contains("watershed_intake_received_events_total 0.0\n")
        .contains("watershed_intake_sent_events_total 0.0\n");

    intake.receivedBytes(1000);
    intake.receivedEvents(3);
    intake.sentEvents(2);
    intake.error("send", CollectorErrorCode.KAFKA_UNAVAILABLE);
    intake.discarded(CollectorErrorCode.KAFKA_UNAVAILABLE, 1);
    intake.discarded(CollectorErrorCode.BAD_BODY, 0);
    intake.counter("agent_x_total", "X.", "attempt=\"first\"", 2);
    metrics.httpRequest("ubc", 202, 3_000_000);
    metrics.httpRequest("ubc", 503, 20_000_000_000L);

    assertThat(metrics.scrape())
        .contains("# TYPE watershed_intake_received_bytes_total counter\n")
        .contains("watershed_intake_received_bytes_total 1000.0\n")
        .contains("watershed_intake_received_events_total 3.0\n")
        .contains("watershed_intake_sent_events_total 2.0\n")
        .contains(
            "watershed_intake_errors_total{error_type=\"kafka_unavailable\",stage=\"send\"} 1.0\n")
        .contains("watershed_intake_discarded_events_total{reason=\"kafka_unavailable\"} 1.0\n")
        .doesNotContain("reason=\"bad_body\"")
        .contains("watershed_intake_agent_x_total{attempt=\"first\"} 2.0\n")
        .contains("watershed_intake_http_requests_total{route=\"ubc\",status=\"202\"} 1.0\n")
        .contains("watershed_intake_http_requests_total{route=\"ubc\",status=\"503\"} 1.0\n")
        .contains(
            "watershed_intake_http_request_duration_seconds_bucket{route=\"ubc\",le=\"0.005\"} 1\n")
        .contains(
            "watershed_intake_http_request_duration_seconds_bucket{route=\"ubc\",le=\"+Inf\"} 2\n")
        .contains("watershed_intake_http_request_duration_seconds_count{route=\"ubc\"} 2\n")
        .contains("# TYPE watershed_intake_inflight_bytes gauge\n")
        .contains("watershed_intake_inflight_bytes 1.6777216E7\n");
  }

  @Test
  void errorCodesGiveStatusAndRetry() {
    assertThat(CollectorErrorCode.KAFKA_UNAVAILABLE.httpStatus()).isEqualTo(503);
    assertThat(CollectorErrorCode.KAFKA_UNAVAILABLE.retriable()).isTrue();
    assertThat(CollectorErrorCode.OVERLOADED.retriable()).isTrue();
    assertThat(CollectorErrorCode.BAD_BODY.httpStatus()).isEqualTo(400);
    assertThat(CollectorErrorCode.BAD_BODY.kind()).isEqualTo(ErrorKind.USER);
    assertThat(CollectorErrorCode.BODY_TOO_LARGE.metricTag()).isEqualTo("body_too_large");
    for (CollectorErrorCode code : CollectorErrorCode.values()) {
      assertThat(code.retriable()).as(code.name()).isEqualTo(code.httpStatus() == 503);
    }
  }
}
