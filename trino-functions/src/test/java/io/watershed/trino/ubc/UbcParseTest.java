package io.watershed.trino.ubc;

import static io.trino.spi.type.DateTimeEncoding.unpackMillisUtc;
import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.slice.Slices;
import io.trino.spi.block.Block;
import io.trino.spi.block.SqlMap;
import io.trino.spi.block.SqlRow;
import io.trino.spi.type.BigintType;
import io.trino.spi.type.TimestampWithTimeZoneType;
import io.trino.spi.type.VarcharType;
import io.watershed.udfs.Fixtures;
import io.watershed.udfs.internal.UbcParser;
import io.watershed.udfs.internal.UbcRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ubc_parse called as Trino calls it, over the fixtures the Flink UDF's UbcParseTest reads: the
 * same fields and reasons as the Flink row, field by field.
 */
class UbcParseTest {
  private static List<Object> parse(String line) {
    SqlRow row = UbcParse.parse(line == null ? null : Slices.utf8Slice(line));
    assertThat(row.getFieldCount()).isEqualTo(14);
    List<Object> fields = new ArrayList<>();
    for (int i = 0; i < 14; i++) {
      fields.add(field(row, i));
    }
    return fields;
  }

  private static Object field(SqlRow row, int index) {
    Block block = row.getRawFieldBlock(index);
    int position = row.getRawIndex();
    if (block.isNull(position)) {
      return null;
    }
    var type = ParsedRows.fieldType(index);
    if (type instanceof VarcharType varchar) {
      return varchar.getSlice(block, position).toStringUtf8();
    }
    if (type instanceof TimestampWithTimeZoneType timestamp) {
      return Instant.ofEpochMilli(unpackMillisUtc(timestamp.getLong(block, position)));
    }
    if (type instanceof BigintType bigint) {
      return bigint.getLong(block, position);
    }
    SqlMap map = ParsedRows.EXT.getObject(block, position);
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < map.getSize(); i++) {
      values.put(
          VarcharType.VARCHAR.getSlice(map.getRawKeyBlock(), map.getRawOffset() + i).toStringUtf8(),
          VarcharType.VARCHAR
              .getSlice(map.getRawValueBlock(), map.getRawOffset() + i)
              .toStringUtf8());
    }
    return values;
  }

  /** The Flink UDF's row for the same line: UbcParse.eval's field order, from the same parser. */
  private static List<Object> flinkFields(String line) {
    UbcParser.Result result = UbcParser.parse(line);
    UbcRecord r = result.record();
    if (r == null) {
      Object[] fields = new Object[14];
      fields[0] = result.reason();
      return Arrays.asList(fields);
    }
    return Arrays.asList(
        null,
        r.eventId(),
        r.ubc(),
        r.logType(),
        r.eventTs(),
        r.reportTs(),
        r.os(),
        r.osVersion(),
        r.deviceId(),
        r.app(),
        r.appVersion(),
        r.net(),
        r.ext(),
        r.durationMs());
  }

  @Test
  void parsesAnEventLogWithAllFields() {
    assertThat(parse(Fixtures.validLines().get(0)))
        .containsExactly(
            null,
            "e-0001",
            "ubc_0001",
            "event",
            Instant.ofEpochMilli(1795000000000L),
            Instant.ofEpochMilli(1795000003000L),
            "android",
            "14",
            "dev-17",
            "shop",
            "9.2.0",
            "wifi",
            Map.of("page", "home", "pos", "3"),
            null);
  }

  @Test
  void parsesAFlowLogWithItsDuration() {
    List<Object> row = parse(Fixtures.validLines().get(1));
    assertThat(row.get(0)).isNull();
    assertThat(row.get(3)).isEqualTo("flow");
    assertThat(row.get(13)).isEqualTo(45210L);
  }

  @Test
  void missingCommonAndExtGiveNullsAndAnEmptyMap() {
    List<Object> row = parse(Fixtures.validLines().get(2));
    assertThat(row.get(0)).isNull();
    assertThat(row.subList(6, 12)).containsOnlyNulls();
    assertThat(row.get(12)).isEqualTo(Map.of());
  }

  @Test
  void nestedExtValuesAreKeptAsJsonAndEmptyOnesDropped() {
    List<Object> row = parse(Fixtures.validLines().get(3));
    assertThat(row.get(12)).isEqualTo(Map.of("nested", "{\"a\":1}"));
    assertThat(row.get(13)).isEqualTo(0L);
  }

  @Test
  void everyFixtureGivesTheFlinkUdfsFields() {
    List<String> lines = new ArrayList<>(Fixtures.validLines());
    Fixtures.rejects().forEach(reject -> lines.add(reject[1]));
    assertThat(lines).hasSizeGreaterThan(16);
    for (String line : lines) {
      assertThat(parse(line)).as(line).isEqualTo(flinkFields(line));
    }
  }

  @Test
  void everyRejectFixtureGetsItsReasonAndNoFields() {
    for (String[] reject : Fixtures.rejects()) {
      List<Object> row = parse(reject[1]);
      assertThat((String) row.get(0)).as(reject[1]).startsWith(reject[0] + ": ");
      assertThat(row.subList(1, 14)).as(reject[1]).containsOnlyNulls();
    }
  }

  @Test
  void nullAndEmptyLinesAreRejectedNotThrown() {
    assertThat((String) parse(null).get(0)).startsWith("not_json: ");
    assertThat((String) parse("").get(0)).startsWith("not_json: ");
  }
}
