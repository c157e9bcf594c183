package io.watershed.collector.agent.internal.processing;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.collector.agent.Processing;
import io.watershed.collector.agent.SourceConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Sampling decisions, multiline joining and the token bucket, without files or Kafka. */
class SourcePipelineTest {
  private static SourcePipeline pipeline(Processing processing) {
    return new SourcePipeline(new SourceConfig("s", List.of("/a"), "t", processing), 0);
  }

  private static Processing sampled(double rate, OptionalLong seed) {
    return new Processing(Optional.empty(), "", "", rate, seed, List.of(), 0);
  }

  @Test
  void seededSamplingIsTheSameForTheSameRecord() {
    SourcePipeline first = pipeline(sampled(0.3, OptionalLong.of(7)));
    SourcePipeline second = pipeline(sampled(0.3, OptionalLong.of(7)));
    SourcePipeline otherSeed = pipeline(sampled(0.3, OptionalLong.of(8)));
    long file = SourcePipeline.hash("2049:12:18f00");
    int kept = 0;
    int differ = 0;
    for (long offset = 0; offset < 100_000; offset += 10) {
      boolean decision = first.sampled(file, offset);
      assertThat(second.sampled(file, offset)).isEqualTo(decision);
      kept += decision ? 1 : 0;
      differ += decision != otherSeed.sampled(file, offset) ? 1 : 0;
    }
    // 10,000 decisions at 0.3: mean 3,000, sigma 46
    assertThat(kept).isBetween(2770, 3230);
    assertThat(differ).isGreaterThan(3000);
    assertThat(pipeline(sampled(1.0, OptionalLong.empty())).passThrough).isTrue();
  }

  private record Joined(long start, String text, long end, int lines) {}

  @Test
  void multilineJoinsUntilTheNextStartOrALimit() throws Exception {
    SourcePipeline pipeline =
        pipeline(
            new Processing(
                Optional.of(new Processing.Multiline("^\\S", 3, 20, Duration.ofSeconds(1))),
                "",
                "",
                1.0,
                OptionalLong.empty(),
                List.of(),
                0));
    MultilineJoiner joiner = new MultilineJoiner();
    List<Joined> records = new ArrayList<>();
    MultilineJoiner.RecordSink sink =
        (start, bytes, length, end, lines) ->
            records.add(
                new Joined(
                    start, new String(bytes, 0, length, StandardCharsets.UTF_8), end, lines));
    long offset = 0;
    for (String line :
        List.of(" lead", "A", " a1", " a2", " a3", "B", " bb", "C" + "c".repeat(30))) {
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      joiner.add(pipeline, offset, bytes, bytes.length, offset + bytes.length + 1, 0, sink);
      offset += bytes.length + 1;
    }
    assertThat(joiner.pending()).isTrue();
    joiner.flush(sink);

    assertThat(records)
        .containsExactly(
            new Joined(0, " lead", 6, 1),
            new Joined(6, "A\n a1\n a2", 16, 3),
            new Joined(16, " a3", 20, 1),
            new Joined(20, "B\n bb", 26, 2),
            new Joined(26, "C" + "c".repeat(30), 58, 1));
    assertThat(joiner.pending()).isFalse();
  }

  @Test
  void tokenBucketRefillsAtItsRateUpToOneSecond() {
    TokenBucket bucket = new TokenBucket(1000, 0);
    assertThat(bucket.available(0)).isZero();
    assertThat(bucket.available(100_000_000L)).isEqualTo(100);
    bucket.take(100);
    assertThat(bucket.available(100_000_000L)).isZero();
    assertThat(bucket.nanosUntilRefilled()).isEqualTo(50_000_000L);
    assertThat(bucket.available(10_000_000_000L)).isEqualTo(1000);
  }

  @Test
  void nothingConfiguredIsPassThrough() {
    assertThat(pipeline(Processing.NONE).passThrough).isTrue();
    assertThat(
            pipeline(
                    new Processing(
                        Optional.empty(), "", "", 1.0, OptionalLong.empty(), List.of(), 50))
                .passThrough)
        .isTrue();
    assertThat(
            pipeline(
                    new Processing(
                        Optional.empty(),
                        "",
                        "",
                        1.0,
                        OptionalLong.empty(),
                        List.of(
                            new Processing.Transform(
                                "n", Processing.TransformType.NGINX, List.of(), Map.of())),
                        0))
                .passThrough)
        .isFalse();
  }
}
