package io.watershed.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchLinesTest {
  @TempDir Path directory;

  @Test
  void everyLineHasTheExactSizeWithItsNewline() throws Exception {
    for (int lineBytes : new int[] {64, 200, 1024}) {
      Path file = directory.resolve("lines-" + lineBytes + ".log");

      long size = BenchLines.write(file, lineBytes, 5_000);

      byte[] bytes = Files.readAllBytes(file);
      assertThat(size).isEqualTo(5_000L * lineBytes).isEqualTo(bytes.length);
      for (int line = 0; line < 5_000; line++) {
        for (int i = 0; i < lineBytes - 1; i++) {
          assertThat(bytes[line * lineBytes + i]).isNotEqualTo((byte) '\n');
        }
        assertThat(bytes[line * lineBytes + lineBytes - 1]).isEqualTo((byte) '\n');
      }
    }
  }

  @Test
  void linesDifferAndCarryTheirSequenceNumber() throws Exception {
    Path file = directory.resolve("lines.log");

    BenchLines.write(file, 200, 3);

    assertThat(Files.readAllLines(file))
        .hasSize(3)
        .doesNotHaveDuplicates()
        .allSatisfy(line -> assertThat(line).startsWith("2026-11-22T06:00:00.000Z "))
        .satisfies(lines -> assertThat(lines.get(2)).contains(" - seq=2 trace="));
  }
}
