package io.watershed.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContractsTest {
  @Test
  void everyRawTopicMatchesTheRawPattern() {
    assertThat(Topics.raw("nginx")).isEqualTo("ws.raw.nginx");
    assertThat(Topics.RAW_UBC).isEqualTo(Topics.raw("ubc")).matches(Topics.RAW_PATTERN);
    assertThat(Topics.raw("stack")).matches(Topics.RAW_PATTERN);
    assertThat(Topics.CLEAN_UBC).doesNotMatch(Topics.RAW_PATTERN);
    assertThat(Topics.MONITOR).doesNotMatch(Topics.RAW_PATTERN);
  }

  @Test
  void agentAndIntakeHeadersAreDistinctAndAllListed() {
    assertThat(ProvenanceHeaders.AGENT_HEADERS)
        .doesNotContainAnyElementsOf(ProvenanceHeaders.INTAKE_HEADERS);
    assertThat(ProvenanceHeaders.all())
        .doesNotHaveDuplicates()
        .containsAll(ProvenanceHeaders.AGENT_HEADERS)
        .containsAll(ProvenanceHeaders.INTAKE_HEADERS)
        .contains(ProvenanceHeaders.TRANSFORM_SKIPPED)
        .hasSize(
            ProvenanceHeaders.AGENT_HEADERS.size() + ProvenanceHeaders.INTAKE_HEADERS.size() + 1);
  }

  @Test
  void aTickIsNeitherARecordTypeNorAProvenanceHeader() {
    assertThat(ProvenanceHeaders.all()).doesNotContain(Ticks.HEADER);
    assertThat(List.of(MonitorRecord.EVENT, MonitorRecord.FLOW, "event", "flow"))
        .doesNotContain(Ticks.TYPE);
    assertThat(MonitorRecord.TICK).isEqualTo(Ticks.TYPE);
  }

  @Test
  void trimmedRowTypeIsEveryMonitorFieldButTheDevice() {
    List<String> names = new ArrayList<>();
    Matcher field = Pattern.compile("(?:ROW<|, )(\\w+) ").matcher(MonitorRecord.TRIMMED_ROW_TYPE);
    while (field.find()) {
      names.add(field.group(1));
    }
    List<String> fields = MonitorRecord.fields();
    assertThat(fields).doesNotHaveDuplicates().endsWith(MonitorRecord.DEVICE);
    assertThat(names).containsExactlyElementsOf(fields.subList(0, fields.size() - 1));
    List<String> columns = new ArrayList<>();
    for (String column : MonitorRecord.COLUMNS.split(", ")) {
      columns.add(column.substring(0, column.indexOf(' ')));
    }
    assertThat(columns).containsExactlyElementsOf(fields);
  }

  @Test
  void normalisationStepsByWireName() {
    assertThat(Normalisation.wires()).containsExactly("trim", "lower-case", "upper-case");
    for (Normalisation step : Normalisation.values()) {
      assertThat(Normalisation.parse(step.wire())).isSameAs(step);
    }
    assertThat(Normalisation.parse("title-case")).isNull();
    assertThat(
            Normalisation.applyAll(
                List.of(Normalisation.TRIM, Normalisation.LOWER_CASE), "\u2003 WiFi\t"))
        .isEqualTo("wifi");
    assertThat(Normalisation.UPPER_CASE.apply("istanbul")).isEqualTo("ISTANBUL");
    assertThat(Normalisation.applyAll(List.of(), " A ")).isEqualTo(" A ");
  }
}
