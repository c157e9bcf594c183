package io.watershed.collector.agent.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.agent.SourceConfig;
import io.watershed.collector.agent.internal.processing.SourceFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line rules on real files, without Kafka: split, held last line, offsets, fingerprints. */
class TrackedFileTest {
  @TempDir Path directory;

  private record Line(long offset, String text, long end) {}

  private final List<Line> lines = new ArrayList<>();

  private void line(SourceFile file, long offset, byte[] bytes, int from, int length, long end) {
    lines.add(new Line(offset, new String(bytes, from, length, StandardCharsets.ISO_8859_1), end));
  }

  private TrackedFile open(Path path) throws Exception {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    return new TrackedFile(
        "id",
        FileKey.of(path),
        channel,
        new SourceConfig("s", List.of(path.toString()), "t"),
        path,
        Fingerprint.of(channel),
        0);
  }

  @Test
  void splitsLongLinesAndHoldsTheLastOne() throws Exception {
    Path path = directory.resolve("a.log");
    Files.writeString(path, "ab\n" + "x".repeat(10) + "\n" + "y".repeat(8) + "\nheld");
    TrackedFile file = open(path);

    file.read(ByteBuffer.allocate(3), 4, Long.MAX_VALUE, this::line);

    assertThat(lines)
        .containsExactly(
            new Line(0, "ab", 3),
            new Line(3, "xxxx", 7),
            new Line(7, "xxxx", 11),
            new Line(11, "xx", 14),
            new Line(14, "yyyy", 18),
            new Line(18, "yyyy", 23));
    assertThat(file.holdsPartialLine()).isTrue();
    Files.writeString(path, "!\n", StandardOpenOption.APPEND);
    file.read(ByteBuffer.allocate(3), 4, Long.MAX_VALUE, this::line);
    // "held!" is longer than 4 bytes: split like any long line
    assertThat(lines.subList(6, lines.size()))
        .containsExactly(new Line(23, "held", 27), new Line(27, "!", 29));
  }

  @Test
  void flushesTheHeldLineAndRestartsAfterTruncation() throws Exception {
    Path path = directory.resolve("b.log");
    Files.writeString(path, "one\ntw");
    TrackedFile file = open(path);
    file.read(ByteBuffer.allocate(64), 100, Long.MAX_VALUE, this::line);
    file.flushPartialLine(this::line);
    assertThat(lines).containsExactly(new Line(0, "one", 4), new Line(4, "tw", 6));

    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    Files.writeString(path, "new\n");
    file.restart();
    file.read(ByteBuffer.allocate(64), 100, Long.MAX_VALUE, this::line);
    assertThat(lines.get(2)).isEqualTo(new Line(0, "new", 4));
  }

  @Test
  void fingerprintsTellRewrittenFilesApart() throws Exception {
    Path path = directory.resolve("c.log");
    byte[] content = new byte[2048];
    Arrays.fill(content, (byte) 'a');
    Files.write(path, content);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      Fingerprint fingerprint = Fingerprint.of(channel);
      assertThat(fingerprint.complete()).isTrue();
      assertThat(fingerprint.length()).isEqualTo(Fingerprint.FULL_LENGTH);
      assertThat(fingerprint.matches(channel)).isTrue();
      content[10] = 'b';
      Files.write(path, content);
      assertThat(fingerprint.matches(channel)).isFalse();
    }
  }

  @Test
  void offsetsSurviveARoundTrip() throws Exception {
    OffsetStore store = new OffsetStore(directory.resolve("state"));
    assertThat(store.load()).isEmpty();
    List<OffsetStore.Entry> entries =
        List.of(new OffsetStore.Entry("1:2:ab", "s", "/x.log", 1, 2, 1024, "00ff", 4096));
    store.save(entries);
    store.save(entries);
    assertThat(new OffsetStore(directory.resolve("state")).load()).isEqualTo(entries);
    assertThat(directory.resolve("state/offsets.json.tmp")).doesNotExist();
  }

  @Test
  void findsEveryNewlineAsAByteLoopWould() {
    java.util.Random random = new java.util.Random(6);
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        // newlines, bytes one off from a newline and high bytes, which fool a careless trick
        bytes[i] = (byte) new int[] {'\n', '\n' + 1, '\n' - 1, 0x8a, 0, 'x'}[random.nextInt(6)];
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int expected = -1;
      for (int i = from; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          expected = i;
          break;
        }
      }
      assertThat(TrackedFile.indexOfNewline(bytes, from, bytes.length))
          .as("%s from %d", Arrays.toString(bytes), from)
          .isEqualTo(expected);
    }
  }
}
