package io.watershed.monitor.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.monitor.internal.Metrics;
import io.watershed.monitor.internal.live.LiveSettings;
import io.watershed.monitor.internal.query.LateRecords;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.query.QuerySettings;
import io.watershed.monitor.internal.query.TableCommit;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineServiceTest {
  @Test
  void withoutFlinkOrTrinoEverySectionSaysNotConfigured() {
    try (QueryService queries =
            QueryService.open(
                querySettings(""),
                new LiveSettings("", "ws.monitor", 50_000, Duration.ofMinutes(10)),
                new Metrics());
        PipelineService pipeline =
            PipelineService.open(new FlinkSettings("", Duration.ofSeconds(1)), queries)) {
      Map<String, Object> answer = pipeline.health(1_800_000_000_000L);
      assertThat(answer.keySet())
          .containsExactly("checked_at", "flink", "tables", "watermarks", "late");
      assertThat(answer.get("checked_at")).isEqualTo(1_800_000_000_000L);
      assertThat(answer.get("flink"))
          .isEqualTo(
              Map.of(
                  "status",
                  "not_configured",
                  "message",
                  "No Flink REST API is configured (monitor.flink.url)"));
      for (String section : new String[] {"tables", "watermarks", "late"}) {
        assertThat(answer.get(section))
            .as(section)
            .isEqualTo(
                Map.of(
                    "status",
                    "not_configured",
                    "message",
                    "The query API is off (monitor.trino.url is not set)"));
      }
    }
  }

  @Test
  void theLateRateIsTheLateShareOfEveryRecord() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("from", 1_000L);
    expected.put("to", 3_601_000L);
    expected.put("up_to", "watermark");
    expected.put("late", 5L);
    expected.put("counted", 995L);
    expected.put("rate", 0.005);
    assertThat(PipelineService.view(new LateRecords(1_000, 3_601_000, 5, 995), true))
        .containsExactlyEntriesOf(expected);
    Map<String, Object> none = PipelineService.view(new LateRecords(0, 3_600_000, 0, 0), false);
    assertThat(none).containsEntry("rate", null).containsEntry("up_to", "now");
  }

  @Test
  void aTableWithoutCommitsHasNoTimes() {
    Map<String, Object> view =
        PipelineService.view(new TableCommit("ubc.late", null, 0, null, null));
    assertThat(view.keySet())
        .containsExactly("table", "last_commit", "snapshots", "operation", "total_records");
    assertThat(view).containsEntry("table", "ubc.late").containsEntry("last_commit", null);
  }

  private static QuerySettings querySettings(String url) {
    return new QuerySettings(
        url,
        "watershed_monitor",
        "watershed_reader",
        Duration.ofSeconds(1),
        1,
        10,
        1024,
        Duration.ofSeconds(1),
        "watershed-ubc_windows");
  }
}
