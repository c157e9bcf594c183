package io.watershed.collector.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** A pool of distinct batches, cycled: records, their JSON lines body, and its gzip. */
record BenchWorkload(byte[][][] records, byte[][] bodies, byte[][] gzipBodies) {
  static BenchWorkload generate(BenchOptions options, int poolBatches) {
    UbcRecords generator = new UbcRecords(42, options.recordBytes());
    byte[][][] records = new byte[poolBatches][options.batch()][];
    byte[][] bodies = new byte[poolBatches][];
    byte[][] gzipBodies = new byte[poolBatches][];
    for (int b = 0; b < poolBatches; b++) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (int r = 0; r < options.batch(); r++) {
        records[b][r] = generator.next();
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
