package io.watershed.collector.intake.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipBodyTest {
  @Test
  void inflatesOneOrMoreMembers() throws Exception {
    byte[] first = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
    byte[] second = "{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
    ByteBudget budget = new ByteBudget(1 << 20);
    BodyBuffer compressed = buffer(budget, 1 << 16, concat(gzip(first), gzip(second)));
    BodyBuffer out = new BodyBuffer(budget, 1 << 16);

    assertThat(GzipBody.inflate(compressed, out)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}\n{\"b\":2}\n");
  }

  @Test
  void refusesABombAtTheLimitWhateverItsTrailerSays() throws Exception {
    byte[] bomb = gzipZeros(256L * 1024 * 1024);
    ByteBudget budget = new ByteBudget(64L * 1024 * 1024);
    BodyBuffer compressed = buffer(budget, 1 << 20, bomb);
    BodyBuffer out = new BodyBuffer(budget, 1 << 20);

    assertThat(GzipBody.declaredSize(bomb, bomb.length)).isEqualTo(256L * 1024 * 1024);
    assertThat(GzipBody.inflate(compressed, out)).isEqualTo(BodyBuffer.Status.TOO_LARGE);
    assertThat(out.length()).isEqualTo(1 << 20);
    assertThat(budget.used()).isEqualTo(compressed.array().length + (1 << 20));
  }

  @Test
  void namesEachMalformedGzip() throws Exception {
    byte[] good = gzip("{\"a\":1}\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    byte[] badCrc = good.clone();
    badCrc[badCrc.length - 8] ^= 1;
    byte[] badSize = good.clone();
    badSize[badSize.length - 4] ^= 1;

    assertThat(gzipError(Arrays.copyOf(good, good.length - 1)))
        .isEqualTo("the data ends inside a gzip member (truncated)");
    assertThat(gzipError(Arrays.copyOf(good, good.length / 2)))
        .isEqualTo("the data ends inside a gzip member (truncated)");
    assertThat(gzipError(Arrays.copyOf(good, 5)))
        .isEqualTo("the data ends inside a gzip member (truncated)");
    assertThat(gzipError(concat(good, new byte[4])))
        .isEqualTo("4 byte(s) after the end of the gzip data that start no gzip member");
    assertThat(gzipError(concat(good, "trailing".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("8 byte(s) after the end of the gzip data that start no gzip member");
    assertThat(gzipError(concat(good, new byte[] {0x1f, (byte) 0x8b})))
        .isEqualTo("the data ends inside a gzip member (truncated)");
    assertThat(gzipError(badCrc))
        .isEqualTo("the gzip trailer's CRC-32 does not match the inflated data");
    assertThat(gzipError(badSize))
        .isEqualTo("the gzip trailer's size does not match the inflated data");
  }

  @Test
  void readsOptionalHeaderFields() throws Exception {
    byte[] plain = gzip("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    // FEXTRA (2 bytes), FNAME "f", FCOMMENT "c", FHCRC over the header
    byte[] header = {
      0x1f,
      (byte) 0x8b,
      8,
      4 | 8 | 16 | 2,
      0,
      0,
      0,
      0,
      0,
      (byte) 0xff,
      2,
      0,
      'x',
      'y',
      'f',
      0,
      'c',
      0
    };
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(header);
    byte[] withCrc =
        concat(header, new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >> 8)});
    byte[] full = concat(withCrc, Arrays.copyOfRange(plain, 10, plain.length));
    ByteBudget budget = new ByteBudget(1 << 20);
    BodyBuffer out = new BodyBuffer(budget, 1000);

    assertThat(GzipBody.inflate(buffer(budget, 1000, full), out)).isEqualTo(BodyBuffer.Status.OK);
    assertThat(new String(out.array(), 0, out.length(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
  }

  private static String gzipError(byte[] body) {
    ByteBudget budget = new ByteBudget(1 << 24);
    BodyBuffer compressed = buffer(budget, 1 << 20, body);
    try {
      BodyBuffer.Status status = GzipBody.inflate(compressed, new BodyBuffer(budget, 1 << 20));
      throw new AssertionError("inflated: " + status);
    } catch (java.util.zip.ZipException e) {
      return e.getMessage();
    }
  }

  @Test
  void stopsAtTheLimitWhenTheTrailerLies() throws Exception {
    byte[] bomb = gzipZeros(256L * 1024 * 1024);
    bomb[bomb.length - 4] = 100; // claims 100 bytes
    bomb[bomb.length - 3] = 0;
    bomb[bomb.length - 2] = 0;
    bomb[bomb.length - 1] = 0;
    ByteBudget budget = new ByteBudget(64L * 1024 * 1024);
    BodyBuffer compressed = buffer(budget, 1 << 20, bomb);
    BodyBuffer out = new BodyBuffer(budget, 1 << 20);

    assertThat(bomb.length).isLessThan(1 << 20);
    assertThat(GzipBody.inflate(compressed, out)).isEqualTo(BodyBuffer.Status.TOO_LARGE);
    assertThat(out.length()).isEqualTo(1 << 20);
    assertThat(budget.used()).isEqualTo(compressed.array().length + (1 << 20));
  }

  @Test
  void preallocatesWhatAnHonestTrailerStates() throws Exception {
    byte[] data = new byte[300_000];
    ByteBudget budget = new ByteBudget(1 << 20);
    BodyBuffer out = new BodyBuffer(budget, 1 << 20);

    assertThat(GzipBody.inflate(buffer(budget, 1 << 20, gzip(data)), out))
        .isEqualTo(BodyBuffer.Status.OK);
    assertThat(out.length()).isEqualTo(300_000);
    assertThat(out.array()).hasSize(300_000);
  }

  @Test
  void aBodyOfExactlyTheLimitFits() throws Exception {
    byte[] data = new byte[100_000];
    Arrays.fill(data, (byte) 'a');
    ByteBudget budget = new ByteBudget(1 << 20);
    BodyBuffer out = new BodyBuffer(budget, 100_000);

    assertThat(GzipBody.inflate(buffer(budget, 1 << 20, gzip(data)), out))
        .isEqualTo(BodyBuffer.Status.OK);
    assertThat(out.length()).isEqualTo(100_000);
  }

  @Test
  void reportsTheBudgetRunningOut() throws Exception {
    byte[] data = new byte[300_000];
    ByteBudget budget = new ByteBudget(200_000);
    BodyBuffer compressed = buffer(budget, 100_000, gzip(data));
    BodyBuffer out = new BodyBuffer(budget, 1 << 20);

    assertThat(GzipBody.inflate(compressed, out)).isEqualTo(BodyBuffer.Status.NO_BUDGET);
  }

  @Test
  void refusesWhatIsNotGzip() {
    ByteBudget budget = new ByteBudget(1 << 20);
    BodyBuffer notGzip = buffer(budget, 1000, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> GzipBody.inflate(notGzip, new BodyBuffer(budget, 1000)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Not in GZIP format");
  }

  static byte[] gzipZeros(long bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] zeros = new byte[1 << 20];
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
      for (long written = 0; written < bytes; written += zeros.length) {
        gzip.write(zeros, 0, (int) Math.min(zeros.length, bytes - written));
      }
    }
    return out.toByteArray();
  }

  private static BodyBuffer buffer(ByteBudget budget, int limit, byte[] bytes) {
    BodyBuffer buffer = new BodyBuffer(budget, limit);
    assertThat(buffer.append(bytes, 0, bytes.length)).isEqualTo(BodyBuffer.Status.OK);
    return buffer;
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] result = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, result, first.length, second.length);
    return result;
  }
}
