package io.watershed.monitor.internal.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdhocResultTest {
  private static final List<AdhocResult.Column> COLUMNS =
      List.of(new AdhocResult.Column("d1", "varchar"), new AdhocResult.Column("pv", "bigint"));

  @Test
  void jsonListsColumnsRowsAndTheLimitThatCutThemOff() {
    AdhocResult result =
        new AdhocResult(
            COLUMNS, List.of(Arrays.asList("ios", 3L), Arrays.asList(null, 1L)), "rows");
    Map<String, Object> json = result.json();
    assertThat(json.keySet()).containsExactly("columns", "rows", "truncated", "truncated_by");
    assertThat(json.get("columns"))
        .isEqualTo(
            List.of(
                Map.of("name", "d1", "type", "varchar"), Map.of("name", "pv", "type", "bigint")));
    assertThat(json).containsEntry("truncated", true).containsEntry("truncated_by", "rows");
    assertThat(new AdhocResult(COLUMNS, List.of(), null).json())
        .containsEntry("truncated", false)
        .doesNotContainKey("truncated_by");
  }

  @Test
  void csvQuotesWhatNeedsItAndLeavesNullEmpty() {
    AdhocResult result =
        new AdhocResult(
            COLUMNS,
            List.of(
                Arrays.asList("a,b", 1L),
                Arrays.asList("say \"hi\"\nthere", 2L),
                Arrays.asList(null, 3L)),
            null);
    assertThat(new String(result.csv(), StandardCharsets.UTF_8))
        .isEqualTo("d1,pv\r\n\"a,b\",1\r\n\"say \"\"hi\"\"\nthere\",2\r\n,3\r\n");
  }
}
