package io.watershed.collector.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** 1 GiB of zeros, gzipped to about 1 MiB: made once per test JVM. */
public final class GzipBomb {
  private static byte[] bomb;

  private GzipBomb() {}

  public static synchronized byte[] oneGigabyteOfZeros() {
    if (bomb == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(2 << 20);
      byte[] zeros = new byte[1 << 20];
      try (GZIPOutputStream gzip =
          new GZIPOutputStream(out, 1 << 16) {
            {
              def.setLevel(Deflater.BEST_COMPRESSION);
            }
          }) {
        for (int i = 0; i < 1024; i++) {
          gzip.write(zeros);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot make the gzip bomb", e);
      }
      bomb = out.toByteArray();
    }
    return bomb;
  }

  /** The same bomb with a trailer that claims 100 bytes: only a cap on inflation stops it. */
  public static byte[] lyingAboutItsSize() {
    byte[] lying = oneGigabyteOfZeros().clone();
    lying[lying.length - 4] = 100;
    lying[lying.length - 3] = 0;
    lying[lying.length - 2] = 0;
    lying[lying.length - 1] = 0;
    return lying;
  }
}
