package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The provenance headers the intake writes are the ones collector/README.md documents. */
class HeaderContractTest {
  @Test
  void readmeDocumentsEveryProvenanceHeader() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    List<String> headers =
        List.of(
            BatchSender.APP,
            BatchSender.CHANNEL,
            BatchSender.BATCH_ID,
            BatchSender.BATCH_INDEX,
            BatchSender.RECEIVE_TS);

    assertThat(headers).containsExactly("app", "channel", "batch_id", "batch_index", "receive_ts");
    for (String header : headers) {
      assertThat(readme).contains("| `" + header + "` |");
    }
    assertThat(readme).contains(Responses.BATCH_ID_HEADER).contains(RequestChecks.APP_KEY_HEADER);
  }
}
