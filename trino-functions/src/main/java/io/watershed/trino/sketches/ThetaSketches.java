package io.watershed.trino.sketches;

import static io.trino.spi.StandardErrorCode.INVALID_FUNCTION_ARGUMENT;

import io.airlift.slice.Slice;
import io.trino.spi.TrinoException;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.common.Util;
import org.apache.datasketches.theta.ThetaSetOperation;
import org.apache.datasketches.theta.ThetaSketch;
import org.apache.datasketches.theta.ThetaUnion;

/**
 * Reading serialized Theta sketches, as upstream Trino's datasketches functions do: the default
 * update seed (9001) and nominal entries (4096, lgK 12) of DataSketches.
 */
final class ThetaSketches {
  static final long SEED = Util.DEFAULT_UPDATE_SEED;
  static final int NOMINAL_ENTRIES = 1 << 12;

  /** How many leading bytes of a bad value go into the error message. */
  private static final int SHOWN_BYTES = 16;

  private ThetaSketches() {}

  /** A zero-copy view of a serialized sketch, checked for format and seed; empty if 0 bytes. */
  static ThetaSketch wrap(Slice bytes) {
    MemorySegment segment =
        MemorySegment.ofArray(bytes.byteArray()).asSlice(bytes.byteArrayOffset(), bytes.length());
    try {
      return ThetaSketch.wrap(segment, SEED);
    } catch (SketchesException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new TrinoException(
          INVALID_FUNCTION_ARGUMENT,
          "Cannot read theta sketch of %d bytes (%s): %s"
              .formatted(bytes.length(), leadingHex(bytes), e.getMessage()),
          e);
    }
  }

  static ThetaUnion newUnion() {
    return ThetaSetOperation.builder()
        .setSeed(SEED)
        .setNominalEntries(NOMINAL_ENTRIES)
        .buildUnion();
  }

  private static String leadingHex(Slice bytes) {
    int shown = Math.min(bytes.length(), SHOWN_BYTES);
    String hex = HexFormat.of().formatHex(bytes.getBytes(0, shown));
    return "X'" + hex + (shown < bytes.length() ? "...'" : "'");
  }
}
