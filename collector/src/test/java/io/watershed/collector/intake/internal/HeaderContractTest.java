package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.contracts.ProvenanceHeaders;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The provenance headers the collector writes are the ones collector/README.md documents. */
class HeaderContractTest {
  @Test
  void readmeDocumentsEveryProvenanceHeader() throws Exception {
    String readme = Files.readString(Path.of("README.md"));

    assertThat(ProvenanceHeaders.INTAKE_HEADERS)
        .containsExactly("app", "channel", "batch_id", "batch_index", "receive_ts");
    for (String header : ProvenanceHeaders.all()) {
      assertThat(readme).contains("| `" + header + "` |");
    }
    assertThat(readme).contains(Responses.BATCH_ID_HEADER).contains(RequestChecks.APP_KEY_HEADER);
  }
}
