package io.watershed.monitor.internal.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watershed.kit.http.UrlText;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.MonitorErrorCode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesRequestTest {
  private static final Instant NOW = Instant.parse("2026-03-10T12:34:56.789Z");

  private static SeriesRequest parse(String query) {
    return SeriesRequest.parse(UrlText.parseQueryValues(query), NOW);
  }

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void defaultsToAnHourOfMinutesOfPageViewsUpToNow() {
    SeriesRequest request = parse("ubc=ubc_0001");
    assertThat(request)
        .isEqualTo(
            new SeriesRequest(
                "ubc_0001",
                SeriesMetric.PV,
                Step.ONE_MINUTE,
                millis("2026-03-10T11:34:00Z"),
                millis("2026-03-10T12:35:00Z"),
                Map.of(),
                null,
                5,
                List.of()));
    assertThat(request.points()).isEqualTo(61);
  }

  @Test
  void readsEveryParameterAndAlignsTheRangeToTheStep() {
    SeriesRequest request =
        parse(
            "ubc=ubc.x-1&metric=avg_duration&step=5m&from=2026-03-10T10:02:00Z"
                + "&to=1773144000001&d3=ios&d1=a%20b&d1=c&d1=a%20b&group=d2&top=20"
                + "&compare=week&compare=day,week");
    assertThat(request.ubc()).isEqualTo("ubc.x-1");
    assertThat(request.metric()).isEqualTo(SeriesMetric.AVG_DURATION);
    assertThat(request.step()).isEqualTo(Step.FIVE_MINUTES);
    assertThat(request.from()).isEqualTo(millis("2026-03-10T10:00:00Z"));
    // 1773144000001 is 2026-03-10T12:00:00.001Z: up to the next five minutes
    assertThat(request.to()).isEqualTo(millis("2026-03-10T12:05:00Z"));
    assertThat(request.filters())
        .containsExactly(
            Map.entry(DimensionSlot.D1, List.of("a b", "c")),
            Map.entry(DimensionSlot.D3, List.of("ios")));
    assertThat(request.group()).isEqualTo(DimensionSlot.D2);
    assertThat(request.top()).isEqualTo(20);
    assertThat(request.comparisons()).containsExactly(Comparison.WEEK, Comparison.DAY);
    assertThat(request.points()).isEqualTo(25);
  }

  @Test
  void hoursAlignToHoursAndOffsetsAreInstants() {
    SeriesRequest request =
        parse("ubc=u&step=1h&from=2026-03-10T08:30:00%2B08:00&to=2026-03-10T03:00:00Z");
    assertThat(request.from()).isEqualTo(millis("2026-03-10T00:00:00Z"));
    assertThat(request.to()).isEqualTo(millis("2026-03-10T03:00:00Z"));
    assertThat(request.points()).isEqualTo(3);
  }

  @Test
  void takesTwoThousandPointsAndNotOneMore() {
    assertThat(parse("ubc=u&from=0&to=" + 2000 * 60_000L).points()).isEqualTo(2000);
    assertRefused(
        "ubc=u&from=0&to=" + (2000 * 60_000L + 1),
        "Cannot read query parameters from and to: 1970-01-01T00:00:00Z to"
            + " 1970-01-02T09:21:00Z at step 1m is 2001 points, more than the limit of 2000"
            + " (max-points); choose a larger step or a shorter range");
  }

  @Test
  void refusesBadInputNamingTheParameter() {
    assertRefused(
        "metric=pv", "Cannot read the series: query parameter ubc (the UBC ID) is required");
    assertRefused("ubc=a/b", "Cannot read query parameter ubc=a/b: UBC IDs are 1 to 64 letters,");
    assertRefused("ubc=u&ubc=v", "Cannot read query parameter ubc: given 2 times, once at most");
    assertRefused(
        "ubc=u&metric=uv",
        "Cannot read query parameter metric=uv: must be one of [pv, duration, avg_duration,"
            + " devices]");
    assertRefused(
        "ubc=u&step=2m", "Cannot read query parameter step=2m: must be one of [1m, 5m, 1h]");
    assertRefused(
        "ubc=u&from=yesterday",
        "Cannot read query parameter from=yesterday: must be an ISO-8601 instant");
    assertRefused("ubc=u&to=-5", "Cannot read query parameter to=-5: must be an ISO-8601 instant");
    assertRefused(
        "ubc=u&from=2000&to=1000",
        "Cannot read query parameters from and to: to (1970-01-01T00:00:01Z) must be after from"
            + " (1970-01-01T00:00:02Z)");
    assertRefused("ubc=u&d7=x", "Cannot read the series: unknown query parameter d7 (known:");
    assertRefused("ubc=u&group=d0", "Cannot read query parameter group=d0: must be one of [d1,");
    assertRefused("ubc=u&top=3", "Cannot read query parameter top=3: it needs group=d1..d6");
    assertRefused(
        "ubc=u&group=d1&top=21", "Cannot read query parameter top=21: must be between 1 and 20");
    assertRefused(
        "ubc=u&group=d1&top=0", "Cannot read query parameter top=0: must be between 1 and 20");
    assertRefused(
        "ubc=u&group=d1&top=many", "Cannot read query parameter top=many: must be a whole number");
    assertRefused(
        "ubc=u&compare=month",
        "Cannot read query parameter compare=month: must be one or more of [day, week]");
    assertRefused("ubc=u&d2=" + "x".repeat(257), "Cannot read query parameter d2=xxx");
    StringBuilder many = new StringBuilder("ubc=u");
    for (int i = 0; i <= 100; i++) {
      many.append("&d4=v").append(i);
    }
    assertRefused(
        many.toString(), "Cannot read query parameter d4: 101 values, more than the limit of 100");
  }

  private static void assertRefused(String query, String message) {
    assertThatThrownBy(() -> parse(query))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(MonitorErrorCode.BAD_REQUEST);
              assertThat(e.getMessage()).startsWith(message);
            });
  }
}
