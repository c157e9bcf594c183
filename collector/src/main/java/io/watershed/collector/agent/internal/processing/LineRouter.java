package io.watershed.collector.agent.internal.processing;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.agent.internal.AgentCounters;
import io.watershed.collector.agent.internal.kafka.RecordSender;
import io.watershed.collector.internal.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes each line a file yields through its source's processing: multiline joining, filters,
 * sampling, transforms, then to Kafka. A record not sent on purpose still moves the file's
 * committed offset past it. A pass-through source's lines go straight to Kafka.
 */
public final class LineRouter implements LineSink {
  private final RecordSender sender;
  private final AgentCounters counters;
  private final Metrics.Component metrics;

  public LineRouter(RecordSender sender, AgentCounters counters, Metrics.Component metrics) {
    this.sender = requireNonNull(sender, "sender is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  @Override
  public void line(SourceFile file, long offset, byte[] buffer, int from, int length, long end)
      throws InterruptedException {
    SourcePipeline pipeline = file.pipeline();
    if (pipeline.passThrough) {
      sender.send(file, offset, buffer, from, length, end, null);
      return;
    }
    byte[] bytes = from == 0 ? buffer : Arrays.copyOfRange(buffer, from, from + length);
    if (pipeline.multilineStart != null) {
      file.joiner()
          .add(
              pipeline,
              offset,
              bytes,
              length,
              end,
              System.nanoTime(),
              (start, joined, joinedLength, joinedEnd, lines) ->
                  record(file, pipeline, start, joined, joinedLength, joinedEnd, lines));
      if (file.joiner().cut) {
        counters.multilineCut.incrementAndGet();
      }
      return;
    }
    record(file, pipeline, offset, bytes, length, end, 1);
  }

  /**
   * Sends the record being joined for the file, if any (timeout, let go, truncated, new config).
   */
  public void flushJoined(SourceFile file) throws InterruptedException {
    SourcePipeline pipeline = file.pipeline();
    file.joiner()
        .flush(
            (start, joined, joinedLength, joinedEnd, lines) ->
                record(file, pipeline, start, joined, joinedLength, joinedEnd, lines));
  }

  private void record(
      SourceFile file,
      SourcePipeline pipeline,
      long offset,
      byte[] bytes,
      int length,
      long end,
      int lines)
      throws InterruptedException {
    if (lines > 1) {
      counters.recordsJoined.incrementAndGet();
    }
    if (pipeline.include != null || pipeline.exclude != null) {
      String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
      if (pipeline.include != null && !pipeline.include.matcher(text).find()) {
        drop(file, end, "filter_include", counters.filteredOut);
        return;
      }
      if (pipeline.exclude != null && pipeline.exclude.matcher(text).find()) {
        drop(file, end, "filter_exclude", counters.filteredOut);
        return;
      }
    }
    if (pipeline.sampleRate < 1 && !pipeline.sampled(file.fileHash(), offset)) {
      drop(file, end, "sampled_out", counters.sampledOut);
      return;
    }
    byte[] value = Arrays.copyOf(bytes, length);
    String skipped = null;
    if (pipeline.transforms != null) {
      RecordTransforms.Result result = pipeline.transforms.apply(value);
      value = result.value();
      skipped = result.skipped();
      if (skipped != null) {
        counters.transformsSkipped.incrementAndGet();
        metrics.counter(
            "agent_transform_skipped_total",
            "Records passed unchanged by a transform that could not read them.",
            "source=\"" + pipeline.source.name() + "\"",
            1);
      }
    }
    sender.send(file, offset, value, end, skipped);
  }

  /** A record not sent on purpose: its bytes count as done, so the committed offset passes it. */
  private void drop(SourceFile file, long end, String reason, AtomicLong counter) {
    file.acks().sent(end);
    counter.incrementAndGet();
    metrics.receivedEvents(1);
    metrics.discarded(reason, 1);
  }
}
