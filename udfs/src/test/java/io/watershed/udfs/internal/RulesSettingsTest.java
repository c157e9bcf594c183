package io.watershed.udfs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesSettingsTest {
  private static RulesSettings read(Map<String, String> parameters) {
    return RulesSettings.read(parameters::getOrDefault);
  }

  @Test
  void pinsTheKeysAndDefaults() {
    assertThat(Arrays.stream(RulesSettings.Key.values()).map(RulesSettings.Key::key))
        .containsExactly(
            "watershed.rules.url",
            "watershed.rules.token",
            "watershed.rules.interval",
            "watershed.rules.initial-timeout",
            "watershed.rules.request-timeout",
            "watershed.rules.version");
    RulesSettings settings = read(Map.of("watershed.rules.url", "http://monitor:8070/"));
    assertThat(settings)
        .isEqualTo(
            new RulesSettings(
                "http://monitor:8070",
                "",
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                RulesSettings.NEWEST));
    assertThat(settings.pinned()).isFalse();
  }

  @Test
  void mapsEveryKey() {
    RulesSettings settings =
        read(
            Map.of(
                "watershed.rules.url", "https://monitor.example:443",
                "watershed.rules.token", " t0k ",
                "watershed.rules.interval", "250 ms",
                "watershed.rules.initial-timeout", "2 min",
                "watershed.rules.request-timeout", "1500",
                "watershed.rules.version", " 7 "));
    assertThat(settings)
        .isEqualTo(
            new RulesSettings(
                "https://monitor.example:443",
                "t0k",
                Duration.ofMillis(250),
                Duration.ofMinutes(2),
                Duration.ofMillis(1500),
                7));
    assertThat(settings.pinned()).isTrue();
  }

  @Test
  void listsEveryProblemNumberedWithKeyAndValue() {
    assertThatThrownBy(
            () ->
                read(
                    Map.of(
                        "watershed.rules.interval", "soon",
                        "watershed.rules.request-timeout", "0 s",
                        "watershed.rules.version", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 problem(s)")
        .hasMessageContaining("1. watershed.rules.url is not set")
        .hasMessageContaining("2. watershed.rules.interval = 'soon': not a duration")
        .hasMessageContaining("3. watershed.rules.request-timeout = '0 s': must be positive")
        .hasMessageContaining("4. watershed.rules.version = '0': must be a rules version");
    assertThatThrownBy(() -> read(Map.of("watershed.rules.url", "ftp://x")))
        .hasMessageContaining("watershed.rules.url = 'ftp://x': must be an http or https URL");
  }
}
