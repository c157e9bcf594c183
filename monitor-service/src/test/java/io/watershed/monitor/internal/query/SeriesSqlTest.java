package io.watershed.monitor.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.http.UrlText;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesSqlTest {
  private static final String FROM = "2026-03-10 10:00:00.000 UTC";
  private static final String TO = "2026-03-10 11:00:00.000 UTC";

  private static SeriesRequest request(String query) {
    return SeriesRequest.parse(
        UrlText.parseQueryValues(
            "ubc=ubc_0007&from=2026-03-10T10:00:00Z&to=2026-03-10T11:00:00Z&" + query),
        Instant.EPOCH);
  }

  private static SqlStatement total(String query) {
    SeriesRequest request = request(query);
    return SeriesSql.total(request, request.from(), request.to());
  }

  @Test
  void totalOfMinutesWithFiltersBindsEveryValue() {
    SqlStatement statement = total("d3=ios&d1=a&d1=b");
    assertThat(statement.sql())
        .isEqualTo(
            """
            SELECT CAST(to_unixtime(window_start) * 1000 AS bigint) AS bucket, false AS named, \
            CAST(NULL AS varchar) AS member, CAST(NULL AS bigint) AS place, sum(pv) AS value
            FROM lake.ubc.metrics_1m
            WHERE ubc = ?
              AND window_start >= CAST(? AS timestamp(3) with time zone)
              AND window_start < CAST(? AS timestamp(3) with time zone)
              AND d1 IN (?, ?)
              AND d3 = ?
            GROUP BY 1""");
    assertThat(statement.parameters()).containsExactly("ubc_0007", FROM, TO, "a", "b", "ios");
  }

  @Test
  void eachStepReadsItsTableAndHoursRollUpFiveMinutes() {
    assertThat(total("step=5m").sql())
        .contains("SELECT CAST(to_unixtime(window_start) * 1000 AS bigint) AS bucket")
        .contains("FROM lake.ubc.metrics_5m\n");
    assertThat(total("step=1h").sql())
        .contains(
            "SELECT CAST(to_unixtime(date_trunc('hour', window_start)) * 1000 AS bigint) AS"
                + " bucket")
        .contains("FROM lake.ubc.metrics_5m\n")
        .endsWith("GROUP BY 1");
  }

  @Test
  void metricsAggregateAsTheyMust() {
    assertThat(total("metric=duration").sql())
        .contains("sum(duration_ms) AS value")
        .doesNotContain("log_type");
    assertThat(total("metric=avg_duration").sql())
        .contains("CAST(sum(duration_ms) AS double) / nullif(sum(pv), 0) AS value")
        .contains("\n  AND log_type = 'flow'\n");
    // devices: the sketches are united, then counted; counts are never added
    assertThat(total("metric=devices").sql())
        .contains("theta_sketch_cardinality(theta_sketch_union(devices)) AS value")
        .doesNotContain("sum(");
  }

  @Test
  void rankedGroupsNameTheTopAndAddUpTheRest() {
    SeriesRequest request = request("d1=x&group=d2&top=3");
    SqlStatement statement = SeriesSql.ranked(request, request.from(), request.to());
    assertThat(statement.sql())
        .isEqualTo(
            """
            WITH per_member AS (
              SELECT CAST(to_unixtime(window_start) * 1000 AS bigint) AS bucket, d2 AS member, \
            sum(pv) AS pv
              FROM lake.ubc.metrics_1m
              WHERE ubc = ?
                AND window_start >= CAST(? AS timestamp(3) with time zone)
                AND window_start < CAST(? AS timestamp(3) with time zone)
                AND d1 = ?
              GROUP BY 1, 2),
            ranked AS (
              SELECT *, dense_rank() OVER (ORDER BY total DESC NULLS LAST, member ASC NULLS LAST) \
            AS place
              FROM (SELECT *, sum(pv) OVER (PARTITION BY member) AS total FROM per_member)),
            labelled AS (
              SELECT *, place <= ? AS named FROM ranked)
            SELECT bucket, named, CASE WHEN named THEN member END AS member, min(place) AS place, \
            sum(pv) AS value
            FROM labelled
            GROUP BY 1, 2, 3""");
    assertThat(statement.parameters()).containsExactly("ubc_0007", FROM, TO, "x", 3L);
  }

  @Test
  void devicesRankByTheUnionOfEachGroupsSketches() {
    SeriesRequest request = request("metric=devices&group=d5");
    String sql = SeriesSql.ranked(request, request.from(), request.to()).sql();
    assertThat(sql)
        .contains("d5 AS member, theta_sketch_union(devices) AS devices\n")
        .contains(
            "(SELECT *, theta_sketch_cardinality(theta_sketch_union(devices) OVER (PARTITION BY"
                + " member)) AS total FROM per_member)")
        .contains("theta_sketch_cardinality(theta_sketch_union(devices)) AS value\n");
    SeriesRequest average = request("metric=avg_duration&group=d5");
    assertThat(SeriesSql.ranked(average, average.from(), average.to()).sql())
        .contains("d5 AS member, sum(pv) AS pv, sum(duration_ms) AS duration_ms\n")
        .contains("sum(pv) OVER (PARTITION BY member) AS total");
  }

  @Test
  void comparedRangesShowTheGivenGroupsAndTheNullGroup() {
    SeriesRequest request = request("group=d2&compare=day");
    long day = Comparison.DAY.shiftMillis();
    SqlStatement statement =
        SeriesSql.named(
            request, request.from() - day, request.to() - day, Arrays.asList("b", null, "a"));
    assertThat(statement.sql())
        .endsWith(
            """
              GROUP BY 1, 2),
            labelled AS (
              SELECT *, CAST(NULL AS bigint) AS place, coalesce(member IN (?, ?) OR member IS NULL, \
            false) AS named FROM per_member)
            SELECT bucket, named, CASE WHEN named THEN member END AS member, min(place) AS place, \
            sum(pv) AS value
            FROM labelled
            GROUP BY 1, 2, 3""");
    assertThat(statement.parameters())
        .containsExactly(
            "ubc_0007", "2026-03-09 10:00:00.000 UTC", "2026-03-09 11:00:00.000 UTC", "b", "a");
    assertThat(SeriesSql.named(request, 0, 60_000, List.of()).sql())
        .contains("CAST(NULL AS bigint) AS place, false AS named FROM per_member");
  }

  @Test
  void requestTextIsNeverPartOfTheStatement() {
    String hostile = "x' OR '1'='1";
    SeriesRequest request =
        SeriesRequest.parse(
            UrlText.parseQueryValues(
                "ubc=u&from=0&to=60000&group=d1&d6=" + hostile.replace("'", "%27")),
            Instant.EPOCH);
    SqlStatement ranked = SeriesSql.ranked(request, request.from(), request.to());
    SqlStatement named = SeriesSql.named(request, 0, 60_000, List.of(hostile));
    for (SqlStatement statement : List.of(ranked, named)) {
      assertThat(statement.sql()).doesNotContain("OR '1'", "x'");
      assertThat(statement.parameters()).contains(hostile);
    }
  }

  @Test
  void timesAreUtcTextWithMilliseconds() {
    assertThat(SeriesSql.timestamp(1_773_144_000_001L)).isEqualTo("2026-03-10 12:00:00.001 UTC");
    assertThat(SeriesSql.timestamp(0)).isEqualTo("1970-01-01 00:00:00.000 UTC");
  }
}
