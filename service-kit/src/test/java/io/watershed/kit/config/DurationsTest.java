package io.watershed.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void readsEveryUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void refusesOtherSyntaxes() {
    for (String value : new String[] {"5 s", "2min", "1.5s", "-1s", "10", "PT10S"}) {
      assertThatThrownBy(() -> Durations.parse(value))
          .as(value)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("e.g. 500ms or 10s");
    }
  }

  @Test
  void formatsBackToTheSameDuration() {
    for (String value : new String[] {"500ms", "10s", "2m", "1h", "1500ms"}) {
      assertThat(Durations.format(Durations.parse(value))).isEqualTo(value);
    }
  }
}
