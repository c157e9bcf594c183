package io.watershed.collector.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.collector.agent.internal.discovery.OffsetStore;
import io.watershed.collector.agent.internal.discovery.Tailer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heartbeat status stays under the monitor service's 256 KiB with thousands of files. */
class AgentStatusTest {
  private static List<Tailer.FileStatus> files(int count, int pathLength) {
    List<Tailer.FileStatus> files = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = "/var/log/app/" + "d".repeat(pathLength) + "/file-" + i + ".log";
      files.add(
          new Tailer.FileStatus(
              new OffsetStore.Entry("2049:" + i + ":18f00", "app", path, 2049, i, 1024, "ab", 100),
              100 + i));
    }
    return files;
  }

  @Test
  void manyFilesAreCappedToTheMostLaggingWithTotals() {
    List<Tailer.FileStatus> files = files(5_000, 300);

    ObjectNode status =
        AgentStatus.of(
            List.of(new SourceConfig("app", List.of("/var/log/app/**/*.log"), "t")),
            files,
            7,
            Map.of("linesRead", 1L));

    assertThat(AgentStatus.bytes(status)).isLessThanOrEqualTo(256 * 1024);
    assertThat(status.path("filesTotal").asInt()).isEqualTo(5_000);
    int listed = status.path("filesListed").asInt();
    assertThat(listed).isBetween(100, 4_999).isEqualTo(status.path("files").size());
    assertThat(status.path("files").get(0).path("lagBytes").asLong()).isEqualTo(4_999);
    assertThat(status.path("files").get(listed - 1).path("lagBytes").asLong())
        .isEqualTo(5_000 - listed);
    assertThat(status.path("lagBytes").asLong()).isEqualTo(5_000L * 4_999 / 2);
  }

  @Test
  void fewFilesAreAllListed() {
    ObjectNode status = AgentStatus.of(List.of(), files(3, 10), 0, Map.of());

    assertThat(status.path("filesListed").asInt()).isEqualTo(3);
    assertThat(status.path("files").size()).isEqualTo(3);
  }

  @Test
  void hugePathsStillFit() {
    ObjectNode status = AgentStatus.of(List.of(), files(2_000, 4_000), 0, Map.of());

    assertThat(AgentStatus.bytes(status)).isLessThanOrEqualTo(256 * 1024);
    assertThat(status.path("filesTotal").asInt()).isEqualTo(2_000);
  }
}
