package io.watershed.bench.intake;

import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.UbcTraffic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.GZIPOutputStream;

/**
 * A pool of distinct batches, cycled: records ({@link UbcTraffic}'s, padded to the record size),
 * their JSON lines body, and its gzip.
 */
record BenchWorkload(byte[][][] records, byte[][] bodies, byte[][] gzipBodies) {
  /** The action time of the first record: 2026-01-01. */
  private static final long START_MS = 1_767_225_600_000L;

  private static final int DEVICES = 100_000;

  static BenchWorkload generate(IntakeBenchOptions options, int poolBatches) {
    Iterator<GeneratedRecord> generator =
        new UbcTraffic(
                new UbcTraffic.Options(
                        42, (long) poolBatches * options.batch(), 0, START_MS, DEVICES)
                    .paddedTo(options.recordBytes()))
            .iterator();
    byte[][][] records = new byte[poolBatches][options.batch()][];
    byte[][] bodies = new byte[poolBatches][];
    byte[][] gzipBodies = new byte[poolBatches][];
    for (int b = 0; b < poolBatches; b++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int r = 0; r < options.batch(); r++) {
        records[b][r] = generator.next().json().getBytes(StandardCharsets.UTF_8);
        body.writeBytes(records[b][r]);
        body.write('\n');
      }
      bodies[b] = body.toByteArray();
      gzipBodies[b] = gzip(bodies[b]);
    }
    return new BenchWorkload(records, bodies, gzipBodies);
  }

  byte[][] records(int batch) {
    return records[batch % records.length];
  }

  byte[] body(int batch) {
    return bodies[batch % bodies.length];
  }

  byte[] gzipBody(int batch) {
    return gzipBodies[batch % gzipBodies.length];
  }

  double averageRecordBytes() {
    return Arrays.stream(records)
        .flatMap(Arrays::stream)
        .mapToInt(record -> record.length)
        .average()
        .orElse(0);
  }

  double averageBodyBytes() {
    return Arrays.stream(bodies).mapToInt(body -> body.length).average().orElse(0);
  }

  double averageGzipBytes() {
    return Arrays.stream(gzipBodies).mapToInt(body -> body.length).average().orElse(0);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot gzip a bench body: " + e.getMessage(), e);
    }
    return out.toByteArray();
  }
}
