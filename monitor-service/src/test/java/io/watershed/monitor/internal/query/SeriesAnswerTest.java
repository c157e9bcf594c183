package io.watershed.monitor.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import io.watershed.kit.http.UrlText;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesAnswerTest {
  private static final long MINUTE = 60_000;
  private static final long FROM = 1_773_136_800_000L; // 2026-03-10T10:00:00Z

  private static SeriesRequest request(String query) {
    return SeriesRequest.parse(
        UrlText.parseQueryValues(
            "ubc=u&from=%d&to=%d&%s".formatted(FROM, FROM + 4 * MINUTE, query)),
        Instant.EPOCH);
  }

  @Test
  void oneTotalSeriesAlignedToTheTimestampsWithGapsAsNull() {
    SeriesRequest request = request("metric=pv");
    List<SeriesRow> rows =
        List.of(
            new SeriesRow(FROM + 3 * MINUTE, false, null, null, 7L),
            new SeriesRow(FROM, false, null, null, 5L));
    assertThat(SeriesAnswer.timestamps(request))
        .containsExactly(FROM, FROM + MINUTE, FROM + 2 * MINUTE, FROM + 3 * MINUTE);
    assertThat(SeriesAnswer.series(request, rows, null, 0))
        .containsExactly(series("total", 5L, null, null, 7L));
  }

  @Test
  void groupsInRankOrderThenOtherAndTheNullGroupByItsName() {
    SeriesRequest request = request("group=d1&top=2");
    List<SeriesRow> rows =
        List.of(
            new SeriesRow(FROM, true, "b", 2L, 3L),
            new SeriesRow(FROM, true, null, 1L, 9L),
            new SeriesRow(FROM + MINUTE, true, "b", 2L, 4L),
            new SeriesRow(FROM + MINUTE, false, null, null, 1L));
    List<String> names = SeriesAnswer.names(rows);
    assertThat(names).containsExactly(null, "b");
    assertThat(SeriesAnswer.series(request, rows, names, 0))
        .containsExactly(
            series(null, 9L, null, null, null),
            series("b", 3L, 4L, null, null),
            series("other", null, 1L, null, null));
  }

  @Test
  void comparedRowsMoveOntoTheCurrentTimestamps() {
    SeriesRequest request = request("compare=day");
    long day = Comparison.DAY.shiftMillis();
    List<SeriesRow> rows =
        List.of(
            new SeriesRow(FROM - day + MINUTE, false, null, null, 2.5),
            new SeriesRow(FROM - day - MINUTE, false, null, null, 99.0));
    assertThat(SeriesAnswer.series(request, rows, null, day))
        .containsExactly(series("total", null, 2.5, null, null));
  }

  @Test
  void finalUntilIsTheEndOfTheLastWindowAtOrBeforeTheWatermark() {
    SeriesRequest request = request("");
    assertThat(SeriesAnswer.finalUntil(request, null)).isNull();
    assertThat(SeriesAnswer.finalUntil(request, FROM - 1)).isNull();
    assertThat(SeriesAnswer.finalUntil(request, FROM + MINUTE - 1)).isNull();
    assertThat(SeriesAnswer.finalUntil(request, FROM + MINUTE)).isEqualTo(FROM + MINUTE);
    assertThat(SeriesAnswer.finalUntil(request, FROM + 2 * MINUTE + 30_000))
        .isEqualTo(FROM + 2 * MINUTE);
    assertThat(SeriesAnswer.finalUntil(request, FROM + 60 * MINUTE)).isEqualTo(FROM + 4 * MINUTE);
  }

  @Test
  void provisionalFromIsTheFirstPointThatIsNotFinal() {
    SeriesRequest request = request("");
    assertThat(SeriesAnswer.provisionalFrom(request, null)).isEqualTo(FROM);
    assertThat(SeriesAnswer.provisionalFrom(request, FROM + MINUTE - 1)).isEqualTo(FROM);
    assertThat(SeriesAnswer.provisionalFrom(request, FROM + 2 * MINUTE + 30_000))
        .isEqualTo(FROM + 2 * MINUTE);
    assertThat(SeriesAnswer.provisionalFrom(request, FROM + 4 * MINUTE)).isNull();
  }

  @Test
  void answersInTheDocumentedShape() {
    SeriesRequest request = request("compare=week&metric=devices");
    Map<String, Object> answer =
        SeriesAnswer.answer(
            request,
            FROM + MINUTE,
            new SeriesAnswer.Sources(true, false),
            List.of(series("total", 1.0, null, null, null)),
            Map.of(Comparison.WEEK, List.of(series("total", null, null, null, null))));
    assertThat(answer.keySet())
        .containsExactly(
            "ubc",
            "metric",
            "step",
            "from",
            "to",
            "watermark",
            "final_until",
            "provisional_from",
            "live",
            "lake",
            "timestamps",
            "series",
            "compare");
    assertThat(answer)
        .containsEntry("metric", "devices")
        .containsEntry("step", "1m")
        .containsEntry("from", FROM)
        .containsEntry("to", FROM + 4 * MINUTE)
        .containsEntry("watermark", FROM + MINUTE)
        .containsEntry("final_until", FROM + MINUTE)
        .containsEntry("provisional_from", FROM + MINUTE)
        .containsEntry("live", false)
        .containsEntry("lake", true);
    assertThat(answer.get("compare"))
        .isEqualTo(Map.of("week", List.of(series("total", null, null, null, null))));
    assertThat(
            SeriesAnswer.answer(
                request, null, new SeriesAnswer.Sources(false, true), List.of(), Map.of()))
        .doesNotContainKey("compare")
        .containsEntry("watermark", NullNode.getInstance())
        .containsEntry("final_until", NullNode.getInstance())
        .containsEntry("provisional_from", FROM)
        .containsEntry("live", true)
        .containsEntry("lake", false);
  }

  private static Map<String, Object> series(String name, Object... values) {
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("name", name);
    series.put("values", Arrays.asList(values));
    return series;
  }
}
