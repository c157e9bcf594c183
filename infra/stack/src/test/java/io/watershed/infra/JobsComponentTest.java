package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.config.Durations;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the stack writes into var/jobs/jobs.properties parses under the jobs' config syntax. */
class JobsComponentTest {
  @Test
  void checkpointIntervalIsWrittenInTheKitsSyntax() {
    assertThat(JobsComponent.duration(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(JobsComponent.duration("2min")).isEqualTo("2m");
    assertThat(JobsComponent.duration("500ms")).isEqualTo("500ms");
    assertThat(Durations.parse(JobsComponent.duration("90s"))).isEqualTo(Duration.ofSeconds(90));
  }
}
