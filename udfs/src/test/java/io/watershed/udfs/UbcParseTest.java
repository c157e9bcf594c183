package io.watershed.udfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.udfs.internal.UbcParser.Reason;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

class UbcParseTest {
  private final UbcParse function = new UbcParse();

  private Row eval(String line) {
    Row row = function.eval(line);
    assertThat(row.getArity()).isEqualTo(14);
    return row;
  }

  @Test
  void parsesAnEventLogWithAllFields() {
    Row row = eval(Fixtures.validLines().get(0));
    assertThat(row.getField(0)).isNull();
    assertThat(row.getField(1)).isEqualTo("e-0001");
    assertThat(row.getField(2)).isEqualTo("ubc_0001");
    assertThat(row.getField(3)).isEqualTo("event");
    assertThat(row.getField(4)).isEqualTo(Instant.ofEpochMilli(1795000000000L));
    assertThat(row.getField(5)).isEqualTo(Instant.ofEpochMilli(1795000003000L));
    assertThat(row.getField(6)).isEqualTo("android");
    assertThat(row.getField(7)).isEqualTo("14");
    assertThat(row.getField(8)).isEqualTo("dev-17");
    assertThat(row.getField(9)).isEqualTo("shop");
    assertThat(row.getField(10)).isEqualTo("9.2.0");
    assertThat(row.getField(11)).isEqualTo("wifi");
    assertThat(row.getField(12)).isEqualTo(Map.of("page", "home", "pos", "3"));
    assertThat(row.getField(13)).isNull();
  }

  @Test
  void parsesAFlowLogWithItsDuration() {
    Row row = eval(Fixtures.validLines().get(1));
    assertThat(row.getField(0)).isNull();
    assertThat(row.getField(3)).isEqualTo("flow");
    assertThat(row.getField(13)).isEqualTo(45210L);
  }

  @Test
  void missingCommonAndExtGiveNullsAndAnEmptyMap() {
    Row row = eval(Fixtures.validLines().get(2));
    assertThat(row.getField(0)).isNull();
    assertThat(row.getField(6)).isNull();
    assertThat(row.getField(12)).isEqualTo(Map.of());
  }

  @Test
  void nestedExtValuesAreKeptAsJsonAndEmptyOnesDropped() {
    Row row = eval(Fixtures.validLines().get(3));
    assertThat(row.getField(12)).isEqualTo(Map.of("nested", "{\"a\":1}"));
    assertThat(row.getField(13)).isEqualTo(0L);
  }

  @Test
  void everyValidFixtureIsAccepted() {
    assertThat(Fixtures.validLines())
        .allSatisfy(line -> assertThat(eval(line).getField(0)).as(line).isNull());
  }

  @Test
  void everyRejectFixtureGetsItsReason() {
    for (String[] reject : Fixtures.rejects()) {
      Row row = eval(reject[1]);
      assertThat((String) row.getField(0)).as(reject[1]).startsWith(reject[0] + ": ");
      assertThat(row.getField(1)).isNull();
    }
  }

  @Test
  void theRejectFixturesCoverEveryReason() {
    Set<String> covered =
        Fixtures.rejects().stream().map(reject -> reject[0]).collect(Collectors.toSet());
    assertThat(covered)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Reason.values()).map(Reason::code).toList());
  }

  @Test
  void nullAndEmptyLinesAreRejectedNotThrown() {
    assertThat((String) eval(null).getField(0)).startsWith("not_json: ");
    assertThat((String) eval("").getField(0)).startsWith("not_json: ");
  }

  @Test
  void longDetailsAreCut() {
    String line =
        "{\"id\":\"e\",\"ubc\":\"u\",\"type\":\"" + "x".repeat(1000) + "\",\"ts\":1,\"rts\":1}";
    assertThat((String) eval(line).getField(0)).hasSizeLessThan(260).endsWith("...");
  }
}
