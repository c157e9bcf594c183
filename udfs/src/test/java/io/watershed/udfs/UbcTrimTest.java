package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.udfs.internal.UbcParser;
import io.watershed.udfs.internal.UbcRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class UbcTrimTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] FIELDS = {
    "id", "ubc", "t", "rts", "d1", "d2", "d3", "d4", "d5", "d6", "dur", "rv"
  };
  private final UbcTrim function = new UbcTrim();

  private static Row dims(String... values) {
    return Row.of(values[0], values[1], values[2], values[3], values[4], values[5], 42L);
  }

  /** The trimmed record as the JSON the monitor queue carries (null fields left out). */
  private static byte[] json(Row row) throws Exception {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < FIELDS.length; i++) {
      if (row.getField(i) != null) {
        record.put(FIELDS[i], row.getField(i));
      }
    }
    return MAPPER.writeValueAsBytes(record);
  }

  @Test
  void keepsWhatMonitoringNeeds() {
    Row row =
        function.eval(
            "e-1",
            "ubc_0003",
            "flow",
            Instant.ofEpochMilli(1795000061000L),
            dims("ios", "shop", "cellular", "feed", "long-video", ""),
            45210L);
    assertThat(row)
        .isEqualTo(
            Row.of(
                "e-1",
                "ubc_0003",
                "f",
                1795000061000L,
                "ios",
                "shop",
                "cellular",
                "feed",
                "long-video",
                "",
                45210L,
                42L));
  }

  @Test
  void durationOnlyForFlowLogs() {
    Row row =
        function.eval("e-2", "ubc_0001", "event", Instant.EPOCH, dims("", "", "", "", "", ""), 5L);
    assertThat(row.getField(2)).isEqualTo("e");
    assertThat(row.getField(10)).isNull();
  }

  @Test
  void longIdsBecomeAStable128BitHash() {
    String longId = "evt-" + "x".repeat(200);
    String hashed = UbcTrim.id(longId);
    assertThat(hashed).matches("h:[0-9a-f]{32}").isEqualTo(UbcTrim.id(new String(longId)));
    assertThat(UbcTrim.id(longId + "y")).isNotEqualTo(hashed);
    assertThat(UbcTrim.id("e".repeat(64))).isEqualTo("e".repeat(64));
    assertThat(UbcTrim.id(null)).isNull();
    Row row = function.eval(longId, "u".repeat(65), "event", null, null, null);
    assertThat((String) row.getField(1)).matches("h:[0-9a-f]{32}");
  }

  @Test
  void dimensionsAreCutTo32CharsNeverInsideASurrogatePair() {
    String long40 = "a".repeat(40);
    String emoji = "b".repeat(31) + "\uD83D\uDE00" + "c";
    Row row = function.eval("e", "u", "event", null, dims(long40, emoji, null, "d", "", "x"), null);
    assertThat(row.getField(4)).isEqualTo("a".repeat(32));
    assertThat(row.getField(5)).isEqualTo("b".repeat(31));
    assertThat(row.getField(6)).isEqualTo("");
    assertThat(function.eval("e", "u", "verylonglogtype", null, null, null).getField(2))
        .isEqualTo("verylong");
  }

  @Test
  void nullDimsGiveEmptyDimensionsAndNoVersion() {
    Row row = function.eval("e", "u", "event", null, null, null);
    assertThat(row.getField(4)).isEqualTo("");
    assertThat(row.getField(9)).isEqualTo("");
    assertThat(row.getField(11)).isNull();
  }

  @Test
  void trimmedRecordsAreAtMostTwoHundredBytesOnAverage() throws Exception {
    List<Row> trimmed = new ArrayList<>();
    for (String line : Fixtures.validLines()) {
      trimmed.add(trim(UbcParser.parse(line).record()));
    }
    Random random = new Random(17);
    for (int i = 0; i < 500; i++) {
      String raw = syntheticRawRecord(random, i);
      assertThat(raw.getBytes(StandardCharsets.UTF_8).length).isGreaterThanOrEqualTo(10_000);
      trimmed.add(trim(UbcParser.parse(raw).record()));
    }
    long total = 0;
    int max = 0;
    for (Row row : trimmed) {
      int size = json(row).length;
      total += size;
      max = Math.max(max, size);
    }
    double average = (double) total / trimmed.size();
    System.out.printf(
        "trimmed %d records: average %.1f bytes, max %d bytes%n", trimmed.size(), average, max);
    assertThat(average).as("average bytes").isLessThanOrEqualTo(200);
    assertThat(max).as("max bytes").isLessThanOrEqualTo(420);
  }

  @Test
  void theWorstCaseOfAsciiValuesIsBounded() throws Exception {
    String x = "x".repeat(1000);
    Row row =
        function.eval(
            x,
            x,
            "flow",
            Instant.ofEpochMilli(Long.MAX_VALUE / 2),
            Row.of(x, x, x, x, x, x, Long.MAX_VALUE),
            Long.MAX_VALUE);
    // id and ubc hashed to 34 chars, six 32-char dimensions, the numbers at their longest.
    assertThat(json(row).length).isLessThanOrEqualTo(420);
  }

  private Row trim(UbcRecord record) {
    // What ubc_dims gives for the demo rules: short group names and kept values.
    Row dims =
        dims(
            record.os() == null ? "-" : record.os(),
            record.app() == null ? "-" : record.app(),
            record.net() == null ? "other" : "wifi",
            record.ext().getOrDefault("channel", "other"),
            record.ext().getOrDefault("result", "-"),
            "");
    return function.eval(
        record.eventId(),
        record.ubc(),
        record.logType(),
        record.reportTs(),
        dims,
        record.durationMs());
  }

  /** A ~10 KB raw UBC record: long business parameters, as the UBC article describes. */
  private static String syntheticRawRecord(Random random, int n) throws Exception {
    ObjectNode root = MAPPER.createObjectNode();
    boolean flow = n % 3 == 0;
    root.put(
        "id",
        n % 50 == 0
            ? "evt-" + "z".repeat(100) + n
            : "evt-%08d-%016x".formatted(n, random.nextLong()));
    root.put("ubc", "ubc_%04d".formatted(1 + n % 30));
    root.put("type", flow ? "flow" : "event");
    root.put("ts", 1795000000000L + n);
    root.put("rts", 1795000003000L + n);
    ObjectNode common = root.putObject("common");
    common.put("os", n % 2 == 0 ? "android" : "ios");
    common.put("osv", "14.2.1");
    common.put("did", "device-%012d".formatted(random.nextInt(1_000_000)));
    common.put("app", "shop-app-with-a-rather-long-name-" + "q".repeat(n % 20));
    common.put("appv", "9.2.0." + n);
    common.put("net", "wifi");
    ObjectNode ext = root.putObject("ext");
    ext.put("channel", n % 7 == 0 ? "a-channel-name-way-beyond-thirty-two-chars-" + n : "feed");
    ext.put("result", "ok");
    ext.put("page", "home");
    int size = ext.toString().length();
    for (int k = 0; size < 9_800; k++) {
      String value = Long.toString(random.nextLong(), 36).repeat(8);
      ext.put("payload_" + k, value);
      size += value.length() + 16;
    }
    if (flow) {
      root.put("dur", random.nextInt(100_000));
    }
    return root.toString();
  }
}
