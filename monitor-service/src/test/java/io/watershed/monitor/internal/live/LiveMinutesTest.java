package io.watershed.monitor.internal.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.monitor.internal.live.LiveMinutes.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.datasketches.theta.SetOperation;
import org.apache.datasketches.theta.Union;
import org.junit.jupiter.api.Test;

/** Records in, partials out: points, filters, groups, the watermark, the lookback and the cap. */
class LiveMinutesTest {
  private static final long MINUTE = 60_000;
  private static final long T0 = 1_773_136_800_000L; // 2026-03-10T10:00:00Z, a whole hour
  private static final long NOW = T0 + 10 * MINUTE;
  private static final long LOOKBACK = 30 * MINUTE;

  private static LiveRecord event(String ubc, long reportTime, String d1, String d2, String dev) {
    return new LiveRecord(
        ubc, "event", reportTime, Arrays.asList(d1, d2, null, null, null, null), null, dev);
  }

  private static LiveRecord flow(
      String ubc, long reportTime, String d1, long duration, String dev) {
    return new LiveRecord(
        ubc, "flow", reportTime, Arrays.asList(d1, null, null, null, null, null), duration, dev);
  }

  private static LiveMinutes started(int maxKeys) {
    LiveMinutes minutes = new LiveMinutes(maxKeys, LOOKBACK);
    minutes.start(T0 - LOOKBACK);
    return minutes;
  }

  private static LiveQuery total(long from, long to, long step) {
    return new LiveQuery("u", from, to, step, Map.of(), null, false, false);
  }

  /** bucket -> member -> pv */
  private static Map<Long, Map<String, Long>> pv(LiveMinutes.Answer answer) {
    Map<Long, Map<String, Long>> pv = new HashMap<>();
    for (LivePartial partial : answer.partials()) {
      pv.computeIfAbsent(partial.bucket(), b -> new HashMap<>())
          .put(partial.member(), partial.pv());
    }
    return pv;
  }

  @Test
  void countsPerPointAtMinuteAndFiveMinuteSteps() {
    LiveMinutes minutes = started(1000);
    List<LiveRecord> records = new ArrayList<>();
    for (int minute = 0; minute < 10; minute++) {
      for (int i = 0; i <= minute; i++) {
        records.add(event("u", T0 + minute * MINUTE + i * 1000, "ios", "a", "dev-" + i));
      }
    }
    records.add(event("other-ubc", T0, "ios", "a", "x"));
    assertThat(minutes.addAll(records, NOW)).isEqualTo(Map.of(Outcome.COUNTED, 56));
    assertThat(minutes.keys()).isEqualTo(11);

    Map<Long, Map<String, Long>> perMinute = pv(minutes.query(total(T0, T0 + 10 * MINUTE, MINUTE)));
    assertThat(perMinute).hasSize(10);
    for (int minute = 0; minute < 10; minute++) {
      assertThat(perMinute.get(T0 + minute * MINUTE).get(null)).isEqualTo(minute + 1L);
    }
    Map<Long, Map<String, Long>> perFive =
        pv(minutes.query(total(T0, T0 + 10 * MINUTE, 5 * MINUTE)));
    assertThat(perFive.get(T0).get(null)).isEqualTo(1L + 2 + 3 + 4 + 5);
    assertThat(perFive.get(T0 + 5 * MINUTE).get(null)).isEqualTo(6L + 7 + 8 + 9 + 10);
  }

  @Test
  void filtersAndGroupsAsTheSqlDoes() {
    LiveMinutes minutes = started(1000);
    minutes.addAll(
        List.of(
            event("u", T0, "ios", "a", "d1"),
            event("u", T0 + 1, "ios", "b", "d2"),
            event("u", T0 + 2, "android", "a", "d3"),
            event("u", T0 + 3, null, "a", "d4"),
            event("u", T0 + 4, "ios", null, "d5")),
        NOW);
    // d1 in (ios, android): the record without d1 matches no filter
    LiveQuery filtered =
        new LiveQuery(
            "u", T0, T0 + MINUTE, MINUTE, Map.of(0, Set.of("ios", "android")), 1, false, false);
    assertThat(pv(minutes.query(filtered)).get(T0)).isEqualTo(members("a", 2L, "b", 1L, null, 1L));
    // grouped by d1 without a filter: the group without a value is its own member
    LiveQuery grouped = new LiveQuery("u", T0, T0 + MINUTE, MINUTE, Map.of(), 0, false, false);
    assertThat(pv(minutes.query(grouped)).get(T0))
        .isEqualTo(members("ios", 3L, "android", 1L, null, 1L));
  }

  @Test
  void durationsOfFlowsAndDevicesUnitedAcrossKeys() {
    LiveMinutes minutes = started(1000);
    minutes.addAll(
        List.of(
            flow("u", T0, "ios", 1000, "dev-1"),
            flow("u", T0 + MINUTE, "ios", 3000, "dev-1"),
            flow("u", T0 + MINUTE, "android", 500, "dev-2"),
            flow("u", T0 + MINUTE, "android", 500, ""),
            event("u", T0 + MINUTE, "ios", "a", "dev-3")),
        NOW);
    LiveQuery flows =
        new LiveQuery("u", T0, T0 + 5 * MINUTE, 5 * MINUTE, Map.of(), null, true, true);
    List<LivePartial> partials = minutes.query(flows).partials();
    assertThat(partials).hasSize(1);
    LivePartial point = partials.get(0);
    assertThat(point.pv()).isEqualTo(4);
    assertThat(point.duration()).isEqualTo(5000L);
    // dev-1 twice (two minutes) and an empty id: two devices, as ubc_devices counts them
    assertThat(point.devices()).isEqualTo(2.0);

    LiveQuery events =
        new LiveQuery(
            "u", T0 + MINUTE, T0 + 2 * MINUTE, MINUTE, Map.of(1, Set.of("a")), null, false, false);
    LivePartial event = minutes.query(events).partials().get(0);
    assertThat(event.pv()).isEqualTo(1);
    assertThat(event.duration()).as("no record carried a duration").isNull();
    assertThat(event.devices()).as("not asked for").isZero();
  }

  @Test
  void theWatermarkStopsRecordsAndDropsMinutesByFiveMinuteWindow() {
    LiveMinutes minutes = started(1000);
    List<LiveRecord> records = new ArrayList<>();
    for (int minute = 0; minute < 10; minute++) {
      records.add(event("u", T0 + minute * MINUTE + 5_000, "ios", "a", "d"));
    }
    minutes.addAll(records, NOW);
    assertThat(minutes.keys()).isEqualTo(10);

    // minutes 0..6 closed: the five-minute window 10:05-10:10 still needs minutes 5 and 6
    assertThat(minutes.advance(T0 + 7 * MINUTE, NOW)).isEqualTo(5);
    assertThat(minutes.keys()).isEqualTo(5);
    assertThat(minutes.watermark()).isEqualTo(T0 + 7 * MINUTE);
    assertThat(minutes.coveredFrom()).isEqualTo(T0 + 5 * MINUTE);
    assertThat(pv(minutes.query(total(T0, T0 + 10 * MINUTE, MINUTE))).keySet())
        .containsExactlyInAnyOrder(
            T0 + 5 * MINUTE, T0 + 6 * MINUTE, T0 + 7 * MINUTE, T0 + 8 * MINUTE, T0 + 9 * MINUTE);
    assertThat(pv(minutes.query(total(T0, T0 + 10 * MINUTE, 5 * MINUTE))))
        .isEqualTo(Map.of(T0 + 5 * MINUTE, members(null, 5L)));

    // at or before the watermark: final (the lake or ubc.late has it), not counted
    assertThat(
            minutes.addAll(
                List.of(
                    event("u", T0 + 7 * MINUTE, "ios", "a", "d"),
                    event("u", T0 + 6 * MINUTE + 1, "ios", "a", "d"),
                    event("u", T0 + 7 * MINUTE + 1, "ios", "a", "d")),
                NOW))
        .isEqualTo(Map.of(Outcome.FINAL, 2, Outcome.COUNTED, 1));

    // an older watermark changes nothing; a newer one drops the next window
    assertThat(minutes.advance(T0 + 6 * MINUTE, NOW)).isZero();
    assertThat(minutes.watermark()).isEqualTo(T0 + 7 * MINUTE);
    assertThat(minutes.advance(T0 + 10 * MINUTE, NOW)).isEqualTo(5);
    assertThat(minutes.keys()).isZero();
    assertThat(minutes.query(total(T0, T0 + 10 * MINUTE, MINUTE)).partials()).isEmpty();
  }

  @Test
  void theLookbackBoundsMinutesWithoutAWatermarkAndTheClockBoundsTheFuture() {
    LiveMinutes minutes = new LiveMinutes(1000, 5 * MINUTE);
    minutes.start(NOW - 5 * MINUTE - 30_000);
    assertThat(minutes.coveredFrom()).isEqualTo(NOW - 5 * MINUTE);
    assertThat(
            minutes.addAll(
                List.of(
                    event("u", NOW - 7 * MINUTE, "ios", "a", "d"),
                    event("u", NOW - 5 * MINUTE, "ios", "a", "d"),
                    event("u", NOW + LiveMinutes.AHEAD - 1, "ios", "a", "d"),
                    event("u", NOW + LiveMinutes.AHEAD, "ios", "a", "d")),
                NOW))
        .isEqualTo(Map.of(Outcome.TOO_OLD, 1, Outcome.COUNTED, 2, Outcome.AHEAD, 1));
    // three minutes later, without a watermark: the oldest minute goes
    assertThat(minutes.advance(null, NOW + 3 * MINUTE)).isEqualTo(1);
    assertThat(minutes.watermark()).isNull();
    assertThat(minutes.coveredFrom()).isEqualTo(NOW - 2 * MINUTE);
  }

  @Test
  void pointsNotWhollyCoveredAreLeftOut() {
    LiveMinutes minutes = new LiveMinutes(1000, LOOKBACK);
    assertThat(minutes.coveredFrom()).isEqualTo(Long.MAX_VALUE);
    minutes.addAll(List.of(event("u", T0 + 3 * MINUTE, "ios", "a", "d")), NOW);
    LiveMinutes.Answer before = minutes.query(total(T0, T0 + 10 * MINUTE, MINUTE));
    assertThat(before.partials()).as("before start nothing is covered").isEmpty();
    assertThat(before.covers()).isFalse();
    // reading started at 10:02:30: minute 10:03 on is covered; the five minutes 10:00 are not
    minutes.start(T0 + 2 * MINUTE + 30_000);
    minutes.addAll(List.of(event("u", T0 + 6 * MINUTE, "ios", "a", "d")), NOW);
    assertThat(pv(minutes.query(total(T0, T0 + 10 * MINUTE, MINUTE))).keySet())
        .containsExactlyInAnyOrder(T0 + 3 * MINUTE, T0 + 6 * MINUTE);
    assertThat(pv(minutes.query(total(T0, T0 + 10 * MINUTE, 5 * MINUTE))).keySet())
        .containsExactly(T0 + 5 * MINUTE);
    assertThat(minutes.query(total(T0, T0 + 10 * MINUTE, MINUTE)).covers()).isTrue();
    // five minutes 10:00-10:05 only: its one point is not covered
    assertThat(minutes.query(total(T0, T0 + 5 * MINUTE, 5 * MINUTE)).covers()).isFalse();
  }

  @Test
  void theKeyCapDropsRecordsOfNewKeysOnlyUntilMinutesAreDropped() {
    LiveMinutes minutes = started(3);
    assertThat(
            minutes.addAll(
                List.of(
                    event("u", T0, "a", "x", "d"),
                    event("u", T0, "b", "x", "d"),
                    event("u", T0 + 6 * MINUTE, "a", "x", "d"),
                    event("u", T0 + 6 * MINUTE, "b", "x", "d"),
                    event("v", T0 + 6 * MINUTE, "a", "x", "d"),
                    event("u", T0, "a", "x", "d")),
                NOW))
        .as("known keys still count at the cap")
        .isEqualTo(Map.of(Outcome.COUNTED, 4, Outcome.KEY_CAP, 2));
    assertThat(minutes.keys()).isEqualTo(3);
    assertThat(pv(minutes.query(total(T0, T0 + MINUTE, MINUTE))).get(T0).get(null)).isEqualTo(3L);
    // the window 10:00-10:05 becomes final: its two keys go, new keys fit again
    assertThat(minutes.advance(T0 + 5 * MINUTE, NOW)).isEqualTo(2);
    assertThat(minutes.addAll(List.of(event("u", T0 + 6 * MINUTE, "b", "x", "d")), NOW))
        .isEqualTo(Map.of(Outcome.COUNTED, 1));
    assertThat(minutes.keys()).isEqualTo(2);
  }

  @Test
  void deviceEstimatesEqualThoseOfTheLakesSketches() {
    // the lake: ubc_devices per window row (a Theta union of 4096 nominal entries and the
    // default seed, updated per device id, kept as its result), then Trino's theta_sketch_union
    // of the rows and the estimate. Past 4096 devices both estimate, from the same hashes.
    LiveMinutes minutes = started(1000);
    Map<String, Union> rows = new HashMap<>();
    List<LiveRecord> records = new ArrayList<>();
    for (int device = 0; device < 20_000; device++) {
      String id = "device-" + device;
      int minute = device % 3;
      String d1 = "d1-" + device % 7;
      records.add(event("u", T0 + minute * MINUTE, d1, "a", id));
      rows.computeIfAbsent(
              minute + d1, row -> SetOperation.builder().setNominalEntries(4096).buildUnion())
          .update(id);
    }
    minutes.addAll(records, NOW);
    LiveQuery query =
        new LiveQuery("u", T0, T0 + 5 * MINUTE, 5 * MINUTE, Map.of(), null, false, true);
    double live = minutes.query(query).partials().get(0).devices();
    Union trino = SetOperation.builder().setNominalEntries(4096).buildUnion();
    rows.values().forEach(row -> trino.union(row.getResult()));
    assertThat(live).isEqualTo(trino.getResult().getEstimate());
    assertThat(live).isBetween(19_000.0, 21_000.0);
  }

  /** member, pv, member, pv...; a member may be null (Map.of refuses it). */
  private static Map<String, Long> members(Object... pairs) {
    Map<String, Long> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (Long) pairs[i + 1]);
    }
    return map;
  }
}
