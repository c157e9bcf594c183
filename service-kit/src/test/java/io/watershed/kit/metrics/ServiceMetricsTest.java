package io.watershed.kit.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.kit.error.ErrorCode;
import io.watershed.kit.error.ErrorType;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  private enum TestCode implements ErrorCode {
    NOT_FOUND;

    @Override
    public ErrorType type() {
      return ErrorType.user(404);
    }
  }

  @Test
  void namesEveryComponentMetricUnderItsPrefixBesideJvmMetrics() {
    ServiceMetrics metrics = ServiceMetrics.create();
    ComponentMetrics catalog = metrics.component("catalog");
    HttpMetrics http = catalog.http();
    catalog.receivedEvents(1);
    catalog.receivedBytes(10);
    http.started();
    http.finished("load_table", 200, 42, 3_000_000);
    catalog.sentEvents(1);
    catalog.error("handle", TestCode.NOT_FOUND);
    catalog.discarded("too_large", 2);
    catalog.discarded("nothing", 0);
    LongAdder lines = new LongAdder();
    lines.add(7);
    catalog.counter("lines_read", "Lines read.", callback -> callback.call(lines.sum()));
    catalog.gauge("open_files", "Files open.", () -> 3);

    String text = new String(metrics.scrape(), StandardCharsets.UTF_8);

    assertThat(text)
        .contains("# TYPE watershed_catalog_received_events_total counter")
        .contains("watershed_catalog_received_events_total 1.0")
        .contains("watershed_catalog_received_bytes_total 10.0")
        .contains("watershed_catalog_sent_events_total 1.0")
        .contains("watershed_catalog_sent_bytes_total 42.0")
        .contains("watershed_catalog_errors_total{error_type=\"not_found\",stage=\"handle\"} 1.0")
        .contains("watershed_catalog_discarded_events_total{reason=\"too_large\"} 2.0")
        .doesNotContain("reason=\"nothing\"")
        .contains("watershed_catalog_http_requests_total{route=\"load_table\",status=\"200\"} 1.0")
        .contains(
            "watershed_catalog_http_request_duration_seconds_bucket{route=\"load_table\",le=\"0.005\"} 1")
        .contains("watershed_catalog_http_requests_in_flight 0.0")
        .contains("watershed_catalog_lines_read_total 7.0")
        .contains("watershed_catalog_open_files 3.0")
        .contains("jvm_memory_used_bytes")
        .contains("process_cpu_seconds_total");
    assertThat(ServiceMetrics.CONTENT_TYPE).startsWith("text/plain; version=0.0.4");
  }

  @Test
  void refusesComponentNamesThatAreNotMetricNames() {
    ServiceMetrics metrics = ServiceMetrics.create();

    assertThatThrownBy(() -> metrics.component("Catalog-1"))
        .hasMessageStartingWith("Cannot name metrics component Catalog-1");
  }
}
