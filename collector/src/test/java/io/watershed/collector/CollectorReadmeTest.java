package io.watershed.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's config reference is the one the key declarations generate. */
class CollectorReadmeTest {
  @Test
  void readmeCarriesTheGeneratedKeyReference() throws Exception {
    assertThat(Files.readString(Path.of("README.md")))
        .as("regenerate with: java -jar target/watershed-collector.jar keys")
        .contains(CollectorKeys.reference());
  }
}
