package io.watershed.monitor.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.http.UrlText;
import io.watershed.monitor.internal.live.LiveMinutes;
import io.watershed.monitor.internal.live.LivePartial;
import io.watershed.monitor.internal.live.LiveRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The provisional points from live minutes: same filters, metrics and groups as the SQL. */
class LiveSeriesTest {
  private static final long MINUTE = 60_000;
  private static final long FROM = 1_773_136_800_000L; // 2026-03-10T10:00:00Z
  private static final long NOW = FROM + 10 * MINUTE;

  private static SeriesRequest request(String query) {
    return SeriesRequest.parse(
        UrlText.parseQueryValues(
            "ubc=u&from=%d&to=%d&%s".formatted(FROM, FROM + 10 * MINUTE, query)),
        Instant.EPOCH);
  }

  private static LiveRecord record(
      String type, long minute, String d1, String d2, Long duration, String device) {
    return new LiveRecord(
        "u",
        type,
        FROM + minute * MINUTE + 1000,
        Arrays.asList(d1, d2, null, null, null, null),
        duration,
        device);
  }

  /** Live minutes holding: minute 6: a x3, b x2, c x1, null x1 (d2); minute 7: c x4 */
  private static LiveMinutes minutes() {
    LiveMinutes minutes = new LiveMinutes(1000, 60 * MINUTE);
    minutes.start(FROM - MINUTE);
    List<LiveRecord> records = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      records.add(record("flow", 6, "ios", "a", 100L * (i + 1), "dev-a" + i));
    }
    records.add(record("flow", 6, "ios", "b", 1000L, "dev-b"));
    records.add(record("event", 6, "android", "b", null, "dev-b"));
    records.add(record("event", 6, "ios", "c", null, "dev-c"));
    records.add(record("event", 6, "ios", null, null, "dev-n"));
    for (int i = 0; i < 4; i++) {
      records.add(record("event", 7, "ios", "c", null, "dev-c"));
    }
    minutes.addAll(records, NOW);
    return minutes;
  }

  private static List<Map<String, Object>> series(
      SeriesRequest request, List<SeriesRow> lakeRows, List<String> names, LiveMinutes live) {
    long provisionalFrom = FROM + 5 * MINUTE;
    List<LivePartial> partials = LiveSeries.read(request, live, provisionalFrom).partials();
    Set<Long> lakeBuckets = new HashSet<>();
    lakeRows.forEach(row -> lakeBuckets.add(row.bucket()));
    List<SeriesRow> rows = new ArrayList<>(lakeRows);
    rows.addAll(LiveSeries.rows(request, names, partials, lakeBuckets));
    return SeriesAnswer.series(request, rows, names, 0);
  }

  @Test
  void totalsFillTheProvisionalPointsAndTheLakeKeepsItsOwn() {
    SeriesRequest request = request("metric=pv");
    List<SeriesRow> lake =
        List.of(
            new SeriesRow(FROM, false, null, null, 40L),
            // a window the lake holds after the watermark read: final, it stays
            new SeriesRow(FROM + 7 * MINUTE, false, null, null, 5L));
    assertThat(series(request, lake, null, minutes()))
        .containsExactly(series("total", 40L, null, null, null, null, null, 7L, 5L, null, null));
  }

  @Test
  void filtersAndMetricsAsTheSql() {
    // avg_duration: flow logs only; sum / pv
    assertThat(series(request("metric=avg_duration&d1=ios"), List.of(), null, minutes()))
        .containsExactly(
            series("total", null, null, null, null, null, null, 1600.0 / 4, null, null, null));
    // duration: null where no record carried one (minute 7: events only)
    assertThat(series(request("metric=duration"), List.of(), null, minutes()))
        .containsExactly(
            series("total", null, null, null, null, null, null, 1600L, null, null, null));
    // devices: distinct across keys (dev-b twice, dev-c in two keys)
    assertThat(series(request("metric=devices&d2=b&d2=c"), List.of(), null, minutes()))
        .containsExactly(series("total", null, null, null, null, null, null, 2.0, 1.0, null, null));
    // a filter value the records lack: nothing, and the group without a value matches none
    assertThat(series(request("d2=zzz"), List.of(), null, minutes()))
        .containsExactly(
            series("total", null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void theLakesGroupsStayAndOthersAddUp() {
    SeriesRequest request = request("group=d2&top=2");
    // the lake named b and a (its top two): c and the null group are "other" live too
    List<SeriesRow> lake =
        List.of(
            new SeriesRow(FROM, true, "b", 1L, 9L),
            new SeriesRow(FROM, true, "a", 2L, 8L),
            new SeriesRow(FROM, false, null, null, 1L));
    List<String> names = LiveSeries.names(request, SeriesAnswer.names(lake), partials(request));
    assertThat(names).containsExactly("b", "a");
    assertThat(series(request, lake, names, minutes()))
        .containsExactly(
            series("b", 9L, null, null, null, null, null, 2L, null, null, null),
            series("a", 8L, null, null, null, null, null, 3L, null, null, null),
            series("other", 1L, null, null, null, null, null, 2L, 4L, null, null));
  }

  @Test
  void liveGroupsFillThePlacesTheLakeLeft() {
    SeriesRequest request = request("group=d2&top=3");
    // the lake knows only a; live ranks c (5), a (3), b (2), null (1): c and b join a
    List<SeriesRow> lake = List.of(new SeriesRow(FROM, true, "a", 1L, 8L));
    List<String> names = LiveSeries.names(request, SeriesAnswer.names(lake), partials(request));
    assertThat(names).containsExactly("a", "c", "b");
    assertThat(series(request, lake, names, minutes()))
        .containsExactly(
            series("a", 8L, null, null, null, null, null, 3L, null, null, null),
            series("c", null, null, null, null, null, null, 1L, 4L, null, null),
            series("b", null, null, null, null, null, null, 2L, null, null, null),
            series("other", null, null, null, null, null, null, 1L, null, null, null));
  }

  @Test
  void withoutTheLakeTheLiveRankingDecidesAndTiesGoByName() {
    // ranked by pv at five minutes: c 5, a 3, b 2, null 1; top 5 names all, null last
    SeriesRequest request = request("group=d2&top=5&step=5m");
    List<String> names = LiveSeries.names(request, List.of(), partials(request));
    assertThat(names).containsExactly("c", "a", "b", null);
    // avg_duration ranks by pv among flows: a 3, b 1
    SeriesRequest average = request("group=d2&top=1&metric=avg_duration");
    assertThat(LiveSeries.names(average, List.of(), partials(average))).containsExactly("a");
    // duration ranks by the sum, a group without durations last
    SeriesRequest duration = request("group=d2&top=5&metric=duration");
    assertThat(LiveSeries.names(duration, List.of(), partials(duration)))
        .containsExactly("b", "a", "c", null);
    // devices: a has three; b, c and the null group one each: by name, null last
    SeriesRequest devices = request("group=d2&top=5&metric=devices&d1=android&d1=ios");
    assertThat(LiveSeries.names(devices, List.of(), partials(devices)))
        .containsExactly("a", "b", "c", null);
  }

  @Test
  void hoursAreNotAnsweredLive() {
    assertThat(LiveSeries.answers(Step.ONE_MINUTE)).isTrue();
    assertThat(LiveSeries.answers(Step.FIVE_MINUTES)).isTrue();
    assertThat(LiveSeries.answers(Step.ONE_HOUR)).isFalse();
  }

  private static List<LivePartial> partials(SeriesRequest request) {
    return LiveSeries.read(request, minutes(), FROM + 5 * MINUTE).partials();
  }

  private static Map<String, Object> series(String name, Object... values) {
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("name", name);
    series.put("values", Arrays.asList(values));
    return series;
  }
}
