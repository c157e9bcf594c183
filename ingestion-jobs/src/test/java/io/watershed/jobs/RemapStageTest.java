package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The arguments re-mapping accepts and the script variables they become. */
class RemapStageTest {
  @Test
  void wholeFiveMinuteWindowsOfValidIdsAreAccepted() {
    assertThat(
            RemapStage.check(
                "2026-12-07T10:00:00Z", "2026-12-07T11:05:00Z", List.of("ubc_0001"), "remap_ab1"))
        .isEmpty();
  }

  @Test
  void wrongArgumentsAreRefusedByName() {
    assertThat(RemapStage.check("yesterday", "2026-12-07T11:00:00Z", List.of("u"), "remap_a"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("yesterday", "UTC instants"));
    assertThat(
            RemapStage.check(
                "2026-12-07T11:00:00Z", "2026-12-07T10:00:00Z", List.of("u"), "remap_a"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("must come after --from"));
    assertThat(
            RemapStage.check(
                "2026-12-07T10:01:00Z", "2026-12-07T11:00:00Z", List.of("u"), "remap_a"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("on 5 minutes"));
    assertThat(
            RemapStage.check(
                "2026-12-07T10:00:00Z",
                "2026-12-07T11:00:00Z",
                List.of("ok", "x' OR 1=1"),
                "remap_a"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("[x' OR 1=1]"));
    assertThat(
            RemapStage.check(
                "2026-12-07T10:00:00Z", "2026-12-07T11:00:00Z", List.of("u"), "events"))
        .hasValueSatisfying(reason -> assertThat(reason).contains("Cannot stage into events"));
  }

  @Test
  void theIdsBecomeOneSqlListOfDistinctLiterals() {
    assertThat(
            RemapStage.variables(
                Instant.parse("2026-12-07T10:00:00Z"),
                Instant.parse("2026-12-07T10:05:00Z"),
                List.of("ubc_0001", "ubc_0002", "ubc_0001"),
                "remap_x"))
        .containsEntry("remap.ubc-list", "'ubc_0001', 'ubc_0002'")
        .containsEntry("remap.from-ms", "1796637600000")
        .containsEntry("remap.stage", "remap_x");
  }
}
