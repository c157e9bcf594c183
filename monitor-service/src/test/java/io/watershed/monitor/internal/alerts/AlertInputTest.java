package io.watershed.monitor.internal.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.query.Comparison;
import io.watershed.monitor.internal.query.DimensionSlot;
import io.watershed.monitor.internal.query.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every validation rule of alert rules that needs no database, field by field. */
class AlertInputTest {
  private static final ObjectMapper MAPPER = Json.newMapper();
  private static final Instant NOW = Instant.parse("2026-03-10T10:07:31Z");
  private static final String BASE =
      "'name':'play drop','ubc':'ubc_1','webhook':'https://h.example/x'";

  @Test
  void readsADropRuleWithDefaults() {
    List<Violation> violations = new ArrayList<>();
    AlertRule rule =
        AlertInput.rule(
            json("{" + BASE + ",'kind':'drop','percent':50,'minBaseline':100}"), NOW, violations);
    assertThat(violations).isEmpty();
    assertThat(rule)
        .isEqualTo(
            new AlertRule(
                "play drop",
                "ubc_1",
                null,
                null,
                AlertKind.DROP,
                AlertMetric.PV,
                Step.ONE_MINUTE,
                Comparison.DAY,
                50.0,
                100L,
                null,
                null,
                null,
                "https://h.example/x",
                true,
                null));
  }

  @Test
  void readsEveryFieldOfEachKind() {
    List<Violation> violations = new ArrayList<>();
    AlertRule spike =
        AlertInput.rule(
            json(
                "{"
                    + BASE
                    + ",'kind':'spike','metric':'duration','step':'5m','compareTo':'week',"
                    + "'percent':12.5,'minBaseline':1,'filter':{'d3':'wifi'},'enabled':false,"
                    + "'startAt':'2026-03-09T10:07:31Z'}"),
            NOW,
            violations);
    assertThat(violations).isEmpty();
    assertThat(spike.kind()).isEqualTo(AlertKind.SPIKE);
    assertThat(spike.metric()).isEqualTo(AlertMetric.DURATION);
    assertThat(spike.step()).isEqualTo(Step.FIVE_MINUTES);
    assertThat(spike.compareTo()).isEqualTo(Comparison.WEEK);
    assertThat(spike.percent()).isEqualTo(12.5);
    assertThat(spike.filterSlot()).isEqualTo(DimensionSlot.D3);
    assertThat(spike.filterValue()).isEqualTo("wifi");
    assertThat(spike.enabled()).isFalse();
    // aligned down to the step
    assertThat(spike.startAt()).isEqualTo(Instant.parse("2026-03-09T10:05:00Z").toEpochMilli());

    AlertRule threshold =
        AlertInput.rule(
            json("{" + BASE + ",'kind':'threshold','max':900,'startAt':1773136800123}"),
            NOW,
            violations);
    assertThat(violations).isEmpty();
    assertThat(threshold.min()).isNull();
    assertThat(threshold.max()).isEqualTo(900L);
    assertThat(threshold.startAt()).isEqualTo(1773136800000L);

    AlertRule silence =
        AlertInput.rule(
            json("{" + BASE + ",'kind':'no_data','step':'5m','minutes':15,'filter':{}}"),
            NOW,
            violations);
    assertThat(violations).isEmpty();
    assertThat(silence.minutes()).isEqualTo(15);
    assertThat(silence.metric()).isEqualTo(AlertMetric.PV);
    assertThat(silence.filterSlot()).isNull();
  }

  @Test
  void requiredFieldsTypesAndUnknownFields() {
    assertThat(rules("{'kind':'dip','name':7,'colour':'red','step':'2m','metric':'uv'}"))
        .containsExactly(
            "colour:unknown-field",
            "name:type",
            "ubc:required",
            "kind:one-of",
            "metric:one-of",
            "step:one-of",
            "webhook:required");
    assertThat(rules("{" + BASE.replace("ubc_1", "not valid!") + ",'kind':'threshold','min':1}"))
        .containsExactly("ubc:pattern");
  }

  @Test
  void readOnlyFieldsOfARuleAsReadAreAccepted() {
    assertThat(
            rules(
                "{"
                    + BASE
                    + ",'kind':'threshold','min':1,'id':3,'revision':2,'createdAt':'x',"
                    + "'createdBy':'a','updatedAt':'y','updatedBy':'b','evaluatedUntil':'z',"
                    + "'evaluatedAt':'w'}"))
        .isEmpty();
  }

  @Test
  void dropAndSpikeNeedAPercentInRangeAndABaseline() {
    assertThat(rules("{" + BASE + ",'kind':'drop'}"))
        .containsExactly("percent:required", "minBaseline:required");
    assertThat(rules("{" + BASE + ",'kind':'drop','percent':101,'minBaseline':0}"))
        .containsExactly("percent:range", "minBaseline:min");
    assertThat(rules("{" + BASE + ",'kind':'drop','percent':0,'minBaseline':5}"))
        .containsExactly("percent:range");
    assertThat(rules("{" + BASE + ",'kind':'spike','percent':250,'minBaseline':5}")).isEmpty();
    assertThat(rules("{" + BASE + ",'kind':'spike','percent':'50','minBaseline':2.5}"))
        .containsExactly("percent:type", "minBaseline:type");
    assertThat(
            rules("{" + BASE + ",'kind':'spike','percent':5,'minBaseline':5,'compareTo':'month'}"))
        .containsExactly("compareTo:one-of");
  }

  @Test
  void thresholdNeedsMinOrMaxInOrder() {
    assertThat(rules("{" + BASE + ",'kind':'threshold'}")).containsExactly("min:required");
    assertThat(rules("{" + BASE + ",'kind':'threshold','min':10,'max':9}"))
        .containsExactly("max:min-max");
    assertThat(rules("{" + BASE + ",'kind':'threshold','min':-1}")).containsExactly("min:min");
    assertThat(rules("{" + BASE + ",'kind':'threshold','min':10,'max':10}")).isEmpty();
  }

  @Test
  void noDataNeedsMinutesOfTheStepAndCountsPv() {
    assertThat(rules("{" + BASE + ",'kind':'no_data'}")).containsExactly("minutes:required");
    assertThat(rules("{" + BASE + ",'kind':'no_data','minutes':0}"))
        .containsExactly("minutes:range");
    assertThat(rules("{" + BASE + ",'kind':'no_data','minutes':1441}"))
        .containsExactly("minutes:range");
    assertThat(rules("{" + BASE + ",'kind':'no_data','step':'5m','minutes':12}"))
        .containsExactly("minutes:step-multiple");
    assertThat(rules("{" + BASE + ",'kind':'no_data','minutes':10,'metric':'duration'}"))
        .containsExactly("metric:no-data-counts-pv");
  }

  @Test
  void fieldsOfOtherKindsAreRefused() {
    assertThat(
            rules(
                "{"
                    + BASE
                    + ",'kind':'threshold','min':1,'percent':5,'minBaseline':3,'minutes':5,"
                    + "'compareTo':'day'}"))
        .containsExactlyInAnyOrder(
            "percent:not-for-kind",
            "minBaseline:not-for-kind",
            "minutes:not-for-kind",
            "compareTo:not-for-kind");
    assertThat(rules("{" + BASE + ",'kind':'no_data','minutes':5,'max':3}"))
        .containsExactly("max:not-for-kind");
  }

  @Test
  void filterIsOneKnownDimensionWithAValue() {
    String kind = ",'kind':'threshold','min':1";
    assertThat(rules("{" + BASE + kind + ",'filter':{'d1':'a','d2':'b'}}"))
        .containsExactly("filter:one-dimension");
    assertThat(rules("{" + BASE + kind + ",'filter':{'d7':'a'}}")).containsExactly("filter:one-of");
    assertThat(rules("{" + BASE + kind + ",'filter':{'d1':' '}}"))
        .containsExactly("filter.d1:required");
    assertThat(rules("{" + BASE + kind + ",'filter':{'d1':3}}")).containsExactly("filter.d1:type");
    assertThat(rules("{" + BASE + kind + ",'filter':'d1=a'}")).containsExactly("filter:type");
    assertThat(rules("{" + BASE + kind + ",'filter':{'d1':'" + "x".repeat(257) + "'}}"))
        .containsExactly("filter.d1:max-length");
  }

  @Test
  void webhookIsAnHttpUrlWithoutCredentials() {
    assertThat(AlertInput.webhookProblem("https://hooks.example.com/a?token=s")).isNull();
    assertThat(AlertInput.webhookProblem("http://127.0.0.1:8080/hook")).isNull();
    assertThat(AlertInput.webhookProblem("ftp://h/x")).isEqualTo("must be an http or https URL");
    assertThat(AlertInput.webhookProblem("/relative")).isEqualTo("must be an http or https URL");
    assertThat(AlertInput.webhookProblem("javascript:alert(1)"))
        .isEqualTo("must be an http or https URL");
    assertThat(AlertInput.webhookProblem("http:///x")).startsWith("must name a host");
    assertThat(AlertInput.webhookProblem("https://user:pw@h/x")).startsWith("must not carry");
    assertThat(AlertInput.webhookProblem("https://h/x#f")).startsWith("must not have a fragment");
    assertThat(AlertInput.webhookProblem("https://h:0/x")).startsWith("must have a port");
    assertThat(AlertInput.webhookProblem("http://h x/")).startsWith("must be a URL");
    assertThat(
            rules(
                "{"
                    + BASE.replace("https://h.example/x", "file:///etc/passwd")
                    + ",'kind':'threshold','min':1}"))
        .containsExactly("webhook:webhook-url");
    assertThat(
            rules(
                "{"
                    + BASE.replace("https://h.example/x", "https://h/" + "x".repeat(2048))
                    + ",'kind':'threshold','min':1}"))
        .containsExactly("webhook:max-length");
  }

  @Test
  void startAtIsAnInstantAtMost31DaysBack() {
    String kind = ",'kind':'threshold','min':1";
    assertThat(rules("{" + BASE + kind + ",'startAt':'yesterday'}"))
        .containsExactly("startAt:type");
    assertThat(rules("{" + BASE + kind + ",'startAt':true}")).containsExactly("startAt:type");
    long tooOld = NOW.minus(Duration.ofDays(32)).toEpochMilli();
    assertThat(rules("{" + BASE + kind + ",'startAt':" + tooOld + "}"))
        .containsExactly("startAt:range");
    long old = NOW.minus(Duration.ofDays(30)).toEpochMilli();
    assertThat(rules("{" + BASE + kind + ",'startAt':" + old + "}")).isEmpty();
    assertThat(rules("{" + BASE + kind + ",'startAt':'2026-03-10T12:00:00+02:00'}")).isEmpty();
  }

  @Test
  void backoffDoublesUpToTenMinutes() {
    AlertSettings settings =
        new AlertSettings(
            Duration.ofSeconds(15), Duration.ZERO, Duration.ofSeconds(5), 8, Duration.ofSeconds(1));
    assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(settings.backoff(10)).isEqualTo(Duration.ofSeconds(512));
    assertThat(settings.backoff(11)).isEqualTo(Duration.ofMinutes(10));
    assertThat(settings.backoff(1000)).isEqualTo(Duration.ofMinutes(10));
  }

  /** The violations of a body as field:rule, in order. */
  private static List<String> rules(String singleQuoted) {
    List<Violation> violations = new ArrayList<>();
    AlertRule rule = AlertInput.rule(json(singleQuoted), NOW, violations);
    assertThat(rule == null).isEqualTo(!violations.isEmpty());
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
