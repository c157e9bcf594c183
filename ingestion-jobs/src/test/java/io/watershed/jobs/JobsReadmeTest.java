package io.watershed.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's config reference is the one the key declarations generate. */
class JobsReadmeTest {
  @Test
  void readmeCarriesTheGeneratedKeyReference() throws Exception {
    assertThat(Files.readString(Path.of("README.md")))
        .as(
            "regenerate with: java -cp target/watershed-ingestion-jobs.jar io.watershed.jobs.JobsMain keys")
        .contains(JobsKeys.reference());
  }
}
