package io.watershed.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void writesThePrometheusTextFormat() {
    Metrics metrics = new Metrics();
    metrics.requestStarted();
    metrics.bodyReceived(120);
    metrics.requestFinished("load_table", 200, 900, 3_000_000);
    metrics.requestStarted();
    metrics.error("handle", CatalogErrorCode.NOT_FOUND);
    metrics.requestFinished("load_table", 404, 80, 70_000_000_000L);
    metrics.discarded("too_large");

    String text = metrics.scrape();

    assertThat(text)
        .contains("# TYPE received_bytes_total counter\nreceived_bytes_total 120\n")
        .contains("received_events_total 2\n")
        .contains("sent_events_total 2\n")
        .contains("sent_bytes_total 980\n")
        .contains("errors_total{stage=\"handle\",error_type=\"not_found\"} 1\n")
        .contains("discarded_events_total{reason=\"too_large\"} 1\n")
        .contains("catalog_http_requests_total{route=\"load_table\",status=\"200\"} 1\n")
        .contains("catalog_http_requests_total{route=\"load_table\",status=\"404\"} 1\n")
        .contains("catalog_http_requests_in_flight 0\n")
        .contains(
            "catalog_http_request_duration_seconds_bucket{route=\"load_table\",le=\"0.001\"} 0\n")
        .contains(
            "catalog_http_request_duration_seconds_bucket{route=\"load_table\",le=\"0.005\"} 1\n")
        .contains(
            "catalog_http_request_duration_seconds_bucket{route=\"load_table\",le=\"10.0\"} 1\n")
        .contains(
            "catalog_http_request_duration_seconds_bucket{route=\"load_table\",le=\"+Inf\"} 2\n")
        .contains("catalog_http_request_duration_seconds_sum{route=\"load_table\"} 70.003\n")
        .contains("catalog_http_request_duration_seconds_count{route=\"load_table\"} 2\n");
  }
}
