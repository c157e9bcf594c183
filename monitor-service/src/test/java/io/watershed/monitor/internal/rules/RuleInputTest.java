package io.watershed.monitor.internal.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.contracts.Normalisation;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every validation rule of UBC IDs, dimensions and mappings, without a database. */
class RuleInputTest {
  private static final ObjectMapper MAPPER = Json.newMapper();
  private static final UbcId OWNER =
      new UbcId(
          "ubc_1", "n", "", LogType.EVENT, "team", true, List.of("channel"), List.of(Metric.PV));

  @Test
  void readsAUbcIdWithDefaults() {
    List<Violation> violations = new ArrayList<>();
    UbcId ubcId =
        RuleInput.ubcId(
            json("{'id':'ubc_9','name':'play','logType':'flow','owner':'video'}"),
            null,
            violations);
    assertThat(violations).isEmpty();
    assertThat(ubcId)
        .isEqualTo(
            new UbcId(
                "ubc_9",
                "play",
                "",
                LogType.FLOW,
                "video",
                true,
                List.of(),
                List.of(Metric.PV, Metric.DURATION_MS)));
  }

  @Test
  void flowOnlyMetricOnEventLog() {
    assertThat(
            ubcIdRules(
                "{'id':'a','name':'n','logType':'event','owner':'o','metrics':['pv','duration_ms']}"))
        .containsExactly("metrics[1]:flow-only-metric");
  }

  @Test
  void metricsMustBeKnownOnceAndSome() {
    assertThat(
            ubcIdRules(
                "{'id':'a','name':'n','logType':'flow','owner':'o','metrics':['pv','pv','uv',3]}"))
        .containsExactly("metrics[3]:type", "metrics[1]:duplicate", "metrics[2]:one-of");
    assertThat(ubcIdRules("{'id':'a','name':'n','logType':'flow','owner':'o','metrics':[]}"))
        .containsExactly("metrics:required");
  }

  @Test
  void ubcIdFieldsAndTypes() {
    assertThat(
            ubcIdRules(
                "{'id':'-x','name':' ','logType':7,'owner':'o','enabled':'yes','params':'p','x':1}"))
        .containsExactly(
            "x:unknown-field",
            "id:pattern",
            "name:required",
            "logType:type",
            "enabled:type",
            "params:type");
  }

  @Test
  void readOnlyFieldsOfGetAreAccepted() {
    assertThat(
            ubcIdRules(
                "{'id':'a','name':'n','logType':'event','owner':'o','version':3,'dimensions':[]}"))
        .isEmpty();
  }

  @Test
  void dimensionSlotIsOneToSix() {
    assertThat(dimensionRules("{'slot':7,'source':'common.os','mapping':'one-to-one'}", null))
        .containsExactly("slot:max-dimensions");
    assertThat(dimensionRules("{'slot':0,'source':'common.os','mapping':'one-to-one'}", null))
        .containsExactly("slot:max-dimensions");
    assertThat(dimensionRules("{'source':'common.os','mapping':'one-to-one'}", 7))
        .containsExactly("slot:max-dimensions");
    assertThat(dimensionRules("{'slot':2,'source':'common.os','mapping':'one-to-one'}", 3))
        .containsExactly("slot:matches-path");
  }

  @Test
  void manyToOneNeedsADefaultGroup() {
    assertThat(dimensionRules("{'source':'common.net','mapping':'many-to-one'}", 1))
        .containsExactly("defaultGroup:default-group-required");
    assertThat(
            dimensionRules("{'source':'common.net','mapping':'many-to-one','defaultGroup':''}", 1))
        .containsExactly("defaultGroup:default-group-required");
  }

  @Test
  void aValueMapsToOneGroupAfterNormalisation() {
    List<Violation> violations = new ArrayList<>();
    Dimension dimension =
        RuleInput.dimension(
            json(
                "{'source':'common.net','mapping':'many-to-one','defaultGroup':'other',"
                    + "'normalise':['trim','upper-case'],'groups':[{'value':' wifi','group':'w'},"
                    + "{'value':'4g','group':'c'},{'value':'WIFI','group':'x'},{'value':'  ','group':'y'}]}"),
            3,
            violations);
    assertThat(rules(violations))
        .containsExactly("groups[2].value:value-mapped-twice", "groups[3].value:required");
    assertThat(dimension.groups())
        .containsExactly(
            new Dimension.GroupMapping("WIFI", "w"), new Dimension.GroupMapping("4G", "c"));
  }

  @Test
  void oneToOneHasNoGroups() {
    assertThat(
            dimensionRules("{'source':'common.os','mapping':'one-to-one','defaultGroup':'x'}", 1))
        .containsExactly("defaultGroup:one-to-one-has-no-groups");
  }

  @Test
  void sourceFieldMustBeCommonOrADeclaredParameter() {
    for (String source : List.of("common.os", "common.did", "ext.channel")) {
      assertThat(sourceRules(source)).as(source).isEmpty();
    }
    for (String source : List.of("common.city", "ext.page", "os", "ext.", "common.")) {
      assertThat(sourceRules(source)).as(source).containsExactly("source:unknown-source-field");
    }
  }

  @Test
  void removingAParameterInUse() {
    Dimension reader =
        new Dimension(2, "ext.channel", MappingKind.ONE_TO_ONE, List.of(), null, null, List.of());
    UbcId without =
        new UbcId("ubc_1", "n", "", LogType.EVENT, "team", true, List.of(), List.of(Metric.PV));
    List<Violation> violations = new ArrayList<>();
    RuleValidator.paramsInUse(
        without, List.of(new StoredUbcId.StoredDimension(reader, 1)), violations);
    assertThat(rules(violations)).containsExactly("params:param-in-use");
    assertThat(violations.get(0).message()).contains("channel", "d2");
  }

  @Test
  void aSeventhDimensionIsRefusedNamingTheLimit() {
    List<Violation> violations = new ArrayList<>();
    RuleValidator.freeSlot("ubc_1", 5, violations);
    assertThat(violations).isEmpty();
    RuleValidator.freeSlot("ubc_1", 6, violations);
    assertThat(rules(violations)).containsExactly("slot:max-dimensions");
    assertThat(violations.get(0).message()).contains("seventh", "at most six");
  }

  @Test
  void mappingsOfAOneToOneDimension() {
    Dimension oneToOne =
        new Dimension(1, "common.os", MappingKind.ONE_TO_ONE, List.of(), null, null, List.of());
    List<Violation> violations = new ArrayList<>();
    assertThat(RuleInput.mappings(json("{'defaultGroup':'x'}"), oneToOne, violations)).isNull();
    assertThat(rules(violations)).containsExactly("mapping:mapping-kind");
  }

  @Test
  void violationsBecomeOneMessage() {
    List<Violation> violations = new ArrayList<>();
    RuleValidator.freeSlot("ubc_1", 6, violations);
    assertThatThrownBy(() -> ApiException.check("add a dimension to UBC ID ubc_1", violations))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(MonitorErrorCode.VALIDATION_FAILED);
              assertThat(e.code().httpStatus()).isEqualTo(422);
              assertThat(e.getMessage())
                  .startsWith("Cannot add a dimension to UBC ID ubc_1: 1 problem(s): slot: ")
                  .endsWith("(max-dimensions)");
            });
  }

  @Test
  void normalisationStepsRunInOrder() {
    assertThat(
            Normalisation.applyAll(
                List.of(Normalisation.TRIM, Normalisation.LOWER_CASE), "  WiFi "))
        .isEqualTo("wifi");
    assertThat(Normalisation.applyAll(List.of(), " A ")).isEqualTo(" A ");
  }

  private static List<String> sourceRules(String source) {
    Dimension dimension =
        new Dimension(1, source, MappingKind.ONE_TO_ONE, List.of(), null, null, List.of());
    List<Violation> violations = new ArrayList<>();
    RuleValidator.sourceField(OWNER, dimension, violations);
    return rules(violations);
  }

  private static List<String> ubcIdRules(String body) {
    List<Violation> violations = new ArrayList<>();
    RuleInput.ubcId(json(body), null, violations);
    return rules(violations);
  }

  private static List<String> dimensionRules(String body, Integer pathSlot) {
    List<Violation> violations = new ArrayList<>();
    RuleInput.dimension(json(body), pathSlot, violations);
    return rules(violations);
  }

  private static List<String> rules(List<Violation> violations) {
    return violations.stream().map(v -> v.field() + ":" + v.rule()).toList();
  }

  private static ObjectNode json(String singleQuoted) {
    try {
      return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
