package io.watershed.bench.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UbcTrafficTest {
  private static List<GeneratedRecord> generate(long seed, long count, double invalid) {
    return new UbcTraffic(new UbcTraffic.Options(seed, count, invalid, 1_795_000_000_000L, 500))
        .toList();
  }

  @Test
  void sameSeedSameTrafficOtherSeedOtherTraffic() {
    assertThat(generate(7, 2000, 0.05)).isEqualTo(generate(7, 2000, 0.05));
    assertThat(generate(8, 2000, 0.05)).isNotEqualTo(generate(7, 2000, 0.05));
  }

  @Test
  void invalidShareIsRoughlyTheRequestedOne() {
    List<GeneratedRecord> records = generate(1, 20_000, 0.05);
    long invalid = records.stream().filter(record -> !record.valid()).count();
    assertThat(invalid).isBetween(800L, 1200L);
    assertThat(
            records.stream().filter(r -> !r.valid()).map(GeneratedRecord::invalidKind).distinct())
        .containsExactlyInAnyOrder(
            "missing_ubc",
            "unknown_type",
            "dur_on_event_log",
            "ts_not_number",
            "missing_dur",
            "not_object");
  }

  @Test
  void popularityIsSkewedAndFlowsCarryDurations() {
    List<GeneratedRecord> records = generate(3, 20_000, 0);
    Map<String, Long> perUbc =
        records.stream()
            .collect(Collectors.groupingBy(GeneratedRecord::ubc, Collectors.counting()));
    assertThat(perUbc.get("ubc_0001")).isGreaterThan(5 * perUbc.getOrDefault("ubc_0030", 1L));
    assertThat(perUbc).hasSizeGreaterThan(20);
    assertThat(records)
        .allSatisfy(
            record -> {
              assertThat(record.logType())
                  .isEqualTo(UbcTraffic.isFlow(record.ubc()) ? "flow" : "event");
              assertThat(record.durationMs() != null).isEqualTo(record.logType().equals("flow"));
              assertThat(record.rts()).isGreaterThan(record.ts());
              assertThat(record.json()).contains("\"id\":\"" + record.eventId() + "\"");
            });
  }

  @Test
  void recordsArriveInReportTimeOrderWithJitterAndAFewRetries() {
    List<GeneratedRecord> records = generate(4, 20_000, 0);
    long maxLateness = records.stream().mapToLong(r -> r.rts() - r.ts()).max().orElseThrow();
    assertThat(maxLateness).isBetween(60_000L, 180_000L);
    // Behind the newest report time seen so far: by less than the jitter (network), or by 30 s
    // and more (a client retry).
    long newest = Long.MIN_VALUE;
    long jittered = 0;
    long retries = 0;
    for (GeneratedRecord record : records) {
      long behind = newest - record.rts();
      if (behind > 0 && behind <= UbcTraffic.JITTER_MS) {
        jittered++;
      } else if (behind > UbcTraffic.JITTER_MS) {
        assertThat(behind).isGreaterThan(30_000 - UbcTraffic.JITTER_MS);
        retries++;
      }
      newest = Math.max(newest, record.rts());
    }
    assertThat(jittered).isGreaterThan(1000);
    assertThat(retries).isBetween(40L, 200L);
    assertThat(records).hasSize(20_000);
  }

  @Test
  void paddedRecordsAreTenKilobyteClass() {
    List<GeneratedRecord> records =
        new UbcTraffic(new UbcTraffic.Options(3, 200, 0, 1_795_000_000_000L, 50, 10_000)).toList();
    assertThat(records)
        .allSatisfy(
            record -> {
              assertThat(record.json().length()).isBetween(10_000, 11_000);
              assertThat(record.json()).contains(",\"blob\":\"").endsWith("}");
              // Letters only: a backslash or quote in the padding would make the record invalid.
              assertThat(record.json()).containsPattern(",\"blob\":\"[a-z]{10000}\"");
            });
  }

  @Test
  void recordsPaddedToASizeHaveAtLeastIt() {
    List<GeneratedRecord> records =
        new UbcTraffic(new UbcTraffic.Options(4, 500, 0, 1_795_000_000_000L, 50).paddedTo(1024))
            .toList();
    assertThat(records)
        .allSatisfy(
            record ->
                assertThat(record.json().getBytes(StandardCharsets.UTF_8).length)
                    .isBetween(1024, 1040));
    assertThat(records).anyMatch(record -> record.logType().equals("flow"));
    // unpadded records are the same records as before padding came in
    assertThat(
            new UbcTraffic(new UbcTraffic.Options(4, 50, 0, 1_795_000_000_000L, 50).paddedTo(0))
                .toList())
        .isEqualTo(
            new UbcTraffic(new UbcTraffic.Options(4, 50, 0, 1_795_000_000_000L, 50)).toList());
  }

  @Test
  void theRateSetsHowManyRecordsShareAMinuteOfActionTime() {
    long start = 1_795_000_000_000L;
    for (int rate : new int[] {100, 5_000}) {
      List<GeneratedRecord> records =
          new UbcTraffic(new UbcTraffic.Options(7, 30_000, 0, start, 50, 0, rate)).toList();
      long first = records.stream().mapToLong(GeneratedRecord::ts).min().orElseThrow();
      long last = records.stream().mapToLong(GeneratedRecord::ts).max().orElseThrow();
      // 30,000 records take 300 s of action time at 100 a second, 6 s at 5,000 (+ up to 1 s jitter)
      assertThat(last - first).isBetween(30_000_000L / rate - 1_000, 30_000_000L / rate + 1_000);
    }
    assertThatThrownBy(() -> new UbcTraffic.Options(1, 1, 0, 0, 1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 records a second");
  }

  @Test
  void theDefaultRateIsTenMillisecondsARecord() {
    long start = 1_795_000_000_000L;
    List<GeneratedRecord> byDefault =
        new UbcTraffic(new UbcTraffic.Options(9, 2_000, 0.05, start, 50)).toList();
    List<GeneratedRecord> atHundred =
        new UbcTraffic(new UbcTraffic.Options(9, 2_000, 0.05, start, 50, 0, 100)).toList();
    assertThat(atHundred).isEqualTo(byDefault);
  }

  @Test
  void eventIdsAreUnique() {
    List<GeneratedRecord> records = generate(5, 5000, 0.1);
    assertThat(
            records.stream()
                .collect(Collectors.toMap(GeneratedRecord::eventId, Function.identity())))
        .hasSize(5000);
  }

  @Test
  void badOptionsAreRefused() {
    assertThatThrownBy(() -> new UbcTraffic.Options(1, -1, 0, 0, 1))
        .hasMessageContaining("count must be >= 0");
    assertThatThrownBy(() -> new UbcTraffic.Options(1, 1, 1.5, 0, 1))
        .hasMessageContaining("between 0 and 1");
  }
}
