package io.watershed.collector.agent.internal.processing;

import io.watershed.collector.agent.Processing;
import io.watershed.collector.agent.SourceConfig;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A source's processing, compiled: regexes, the sampling seed, the transforms, the rate limit's
 * token bucket. Built on the reading thread when the sources change; used by it only.
 */
public final class SourcePipeline {
  public final SourceConfig source;

  /** Lines go to Kafka untouched, one record each: no regex, no JSON on the way. */
  final boolean passThrough;

  final Pattern multilineStart;
  final int multilineMaxLines;
  final long multilineMaxBytes;
  public final long multilineFlushNanos;
  final Pattern include;
  final Pattern exclude;
  final double sampleRate;
  final long sampleSeed;
  final RecordTransforms transforms;
  public final TokenBucket rateLimit;

  public SourcePipeline(SourceConfig source, long nowNanos) {
    this.source = source;
    Processing processing = source.processing();
    this.passThrough = processing.passThrough();
    Processing.Multiline multiline = processing.multiline().orElse(null);
    this.multilineStart = multiline == null ? null : Pattern.compile(multiline.start());
    this.multilineMaxLines = multiline == null ? 0 : multiline.maxLines();
    this.multilineMaxBytes = multiline == null ? 0 : multiline.maxBytes();
    this.multilineFlushNanos = multiline == null ? 0 : multiline.flushTimeout().toNanos();
    this.include = processing.include().isEmpty() ? null : Pattern.compile(processing.include());
    this.exclude = processing.exclude().isEmpty() ? null : Pattern.compile(processing.exclude());
    this.sampleRate = processing.sampleRate();
    this.sampleSeed =
        processing.sampleSeed().orElseGet(() -> ThreadLocalRandom.current().nextLong());
    this.transforms =
        processing.transforms().isEmpty() ? null : new RecordTransforms(processing.transforms());
    this.rateLimit =
        processing.rateLimit() > 0 ? new TokenBucket(processing.rateLimit(), nowNanos) : null;
  }

  /** Whether sampling keeps the record at {@code offset} of the file: depends only on those. */
  boolean sampled(long fileHash, long offset) {
    long hash = mix(sampleSeed ^ mix(fileHash + offset * 0x9E3779B97F4A7C15L));
    return (hash >>> 11) * 0x1.0p-53 < sampleRate;
  }

  /** SplitMix64's finalizer: spreads every input bit over the output. */
  private static long mix(long value) {
    long z = value;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A stable 64-bit hash of a file id (FNV-1a over its characters). */
  public static long hash(String fileId) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < fileId.length(); i++) {
      hash ^= fileId.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
