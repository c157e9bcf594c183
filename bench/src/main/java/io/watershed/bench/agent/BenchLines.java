package io.watershed.bench.agent;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Writes a log file of lines of one exact size (the newline included) that look like an application
 * log: a timestamp, level, thread, logger, a sequence number and a few random fields, then words
 * from a small vocabulary up to the size. LZ4 shrinks them about as much as real logs (a few times,
 * not a hundred), so compression costs what it would in production.
 */
final class BenchLines {
  private static final byte[][] LEVELS = bytes("INFO ", "INFO ", "INFO ", "DEBUG", "WARN ");
  private static final byte[][] LOGGERS =
      bytes(
          "io.example.checkout.CartService",
          "io.example.search.QueryHandler",
          "io.example.auth.TokenFilter",
          "io.example.feed.Ranker");
  private static final byte[][] WORDS =
      bytes(
          "request",
          "user",
          "session",
          "cache",
          "miss",
          "hit",
          "latency",
          "upstream",
          "retry",
          "order",
          "item",
          "price",
          "region",
          "shard",
          "token",
          "valid",
          "expired",
          "page",
          "query",
          "rank",
          "score",
          "model",
          "feature",
          "device",
          "android",
          "ios",
          "h5",
          "version",
          "ok",
          "status=200",
          "status=404",
          "status=500",
          "bytes",
          "ms",
          "queue",
          "worker",
          "batch");
  private static final byte[] ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.US_ASCII);

  private BenchLines() {}

  /**
   * Writes {@code lines} lines of {@code lineBytes} bytes each and syncs them to disk, so that the
   * kernel's write-back of gigabytes does not run beside the first tool measured; returns the
   * file's size.
   */
  static long write(Path file, int lineBytes, long lines) throws IOException {
    SplittableRandom random = new SplittableRandom(lineBytes);
    byte[] line = new byte[lineBytes];
    byte[] buffer = new byte[4 * 1024 * 1024];
    int used = 0;
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long index = 0; index < lines; index++) {
        fill(line, index, random);
        if (used + lineBytes > buffer.length) {
          out.write(buffer, 0, used);
          used = 0;
        }
        System.arraycopy(line, 0, buffer, used, lineBytes);
        used += lineBytes;
      }
      out.write(buffer, 0, used);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.force(true);
    }
    return Files.size(file);
  }

  private static void fill(byte[] line, long index, SplittableRandom random) {
    int end = line.length - 1;
    int position = 0;
    long millis = index / 20; // 20 lines per millisecond from 06:00:00.000
    position = put(line, position, end, "2026-11-22T");
    position = decimal(line, position, end, 6 + millis / 3_600_000 % 18, 2);
    position = put(line, position, end, ":");
    position = decimal(line, position, end, millis / 60_000 % 60, 2);
    position = put(line, position, end, ":");
    position = decimal(line, position, end, millis / 1000 % 60, 2);
    position = put(line, position, end, ".");
    position = decimal(line, position, end, millis % 1000, 3);
    position = put(line, position, end, "Z ");
    position = put(line, position, end, LEVELS[random.nextInt(LEVELS.length)]);
    position = put(line, position, end, " [worker-");
    position = decimal(line, position, end, random.nextInt(32), 1);
    position = put(line, position, end, "] ");
    position = put(line, position, end, LOGGERS[random.nextInt(LOGGERS.length)]);
    position = put(line, position, end, " - seq=");
    position = decimal(line, position, end, index, 1);
    position = put(line, position, end, " trace=");
    for (int i = 0; i < 16 && position < end; i++) {
      line[position++] = ALPHABET[random.nextInt(16)];
    }
    position = put(line, position, end, " user=");
    position = decimal(line, position, end, random.nextInt(1_000_000), 1);
    position = put(line, position, end, " took=");
    position = decimal(line, position, end, random.nextInt(2000), 1);
    position = put(line, position, end, "ms");
    while (position < end) {
      position = put(line, position, end, " ");
      position = put(line, position, end, WORDS[random.nextInt(WORDS.length)]);
    }
    line[end] = '\n';
  }

  private static int put(byte[] line, int position, int end, String text) {
    for (int i = 0; i < text.length() && position < end; i++) {
      line[position++] = (byte) text.charAt(i);
    }
    return position;
  }

  private static int put(byte[] line, int position, int end, byte[] text) {
    int length = Math.min(text.length, end - position);
    System.arraycopy(text, 0, line, position, length);
    return position + length;
  }

  /** Writes {@code value} in decimal, zero-padded to at least {@code width} digits. */
  private static int decimal(byte[] line, int position, int end, long value, int width) {
    int digits = Math.max(width, (int) Math.log10(Math.max(1, value)) + 1);
    long rest = value;
    for (int i = digits - 1; i >= 0; i--) {
      if (position + i < end) {
        line[position + i] = (byte) ('0' + rest % 10);
      }
      rest /= 10;
    }
    return Math.min(end, position + digits);
  }

  private static byte[][] bytes(String... texts) {
    byte[][] result = new byte[texts.length][];
    for (int i = 0; i < texts.length; i++) {
      result[i] = texts[i].getBytes(StandardCharsets.US_ASCII);
    }
    return result;
  }
}
