package io.watershed.collector.intake.internal;

import static io.watershed.contracts.ProvenanceHeaders.APP;
import static io.watershed.contracts.ProvenanceHeaders.BATCH_ID;
import static io.watershed.contracts.ProvenanceHeaders.BATCH_INDEX;
import static io.watershed.contracts.ProvenanceHeaders.CHANNEL;
import static io.watershed.contracts.ProvenanceHeaders.RECEIVE_TS;
import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Hands the records of a batch to the Kafka producer, each with the batch's provenance headers, and
 * tells when Kafka has acknowledged all of them, or the first failure, or that the deadline passed.
 *
 * <p>A batch goes to one partition, the next batch to the next one (round robin). Kafka's own
 * partitioner for unkeyed records stays on a partition until {@code batch.size} bytes went there:
 * at a few hundred records a second that is 15-30 s, in which the other partitions get nothing and
 * hold back every event-time watermark downstream (the minimum over partitions) by as long. One
 * request's records stay together and in order.
 */
final class BatchSender {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final Duration sendTimeout;
  private final ScheduledExecutorService scheduler;
  private final Metrics.Component metrics;
  private final AtomicInteger nextPartition = new AtomicInteger();

  BatchSender(
      Producer<byte[], byte[]> producer,
      String topic,
      Duration sendTimeout,
      ScheduledExecutorService scheduler,
      Metrics.Component metrics) {
    this.producer = requireNonNull(producer, "producer is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.sendTimeout = requireNonNull(sendTimeout, "sendTimeout is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  /**
   * Sends every record of {@code batch}, blocking while the producer's buffer is full. The future
   * completes with the record count once Kafka acknowledged all, or exceptionally with an {@link
   * IntakeException} at the first failure or when {@code deadlineNanos} (of {@link
   * System#nanoTime()}) passes first. Records already handed over may still land after a failure.
   */
  CompletableFuture<Integer> send(Batch batch, long deadlineNanos) {
    int count = batch.records().count();
    CompletableFuture<Integer> result = new CompletableFuture<>();
    if (count == 0) {
      result.complete(0);
      return result;
    }
    AtomicInteger pending = new AtomicInteger(count);
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () -> fail(result, timeout(pending.get(), null), pending),
            Math.max(0, deadlineNanos - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    result.whenComplete((ignored, error) -> timer.cancel(false));
    Header app = header(APP, batch.app());
    Header channel = header(CHANNEL, batch.channel());
    Header batchId = header(BATCH_ID, batch.batchId().toString());
    Header receiveTs = header(RECEIVE_TS, Long.toString(batch.receiveTs()));
    Integer partition;
    try {
      partition = partitionOfNextBatch();
    } catch (RuntimeException e) {
      fail(result, failure(e, count), pending);
      return result;
    }
    for (int i = 0; i < count && !result.isDone(); i++) {
      RecordHeaders headers =
          new RecordHeaders(
              new Header[] {
                app, channel, batchId, header(BATCH_INDEX, Integer.toString(i)), receiveTs
              });
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              topic,
              partition,
              batch.receiveTs(),
              null,
              batch.records().copy(batch.body(), i),
              headers);
      try {
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                fail(result, failure(error, pending.get()), pending);
              } else {
                metrics.sentEvents(1);
                if (pending.decrementAndGet() == 0) {
                  result.complete(count);
                }
              }
            });
      } catch (RuntimeException e) {
        fail(result, failure(e, pending.get()), pending);
      }
    }
    return result;
  }

  /**
   * The partition of the next batch, round robin over the topic's partitions as the producer's
   * metadata knows them (waiting for it at most {@code max.block.ms}, as a send would).
   */
  private Integer partitionOfNextBatch() {
    int partitions = producer.partitionsFor(topic).size();
    if (partitions == 0) {
      return null;
    }
    return Math.floorMod(nextPartition.getAndIncrement(), partitions);
  }

  private static void fail(
      CompletableFuture<Integer> result, IntakeException failure, AtomicInteger pending) {
    result.completeExceptionally(failure.withDiscardedEvents(pending.get()));
  }

  private IntakeException failure(Throwable error, int unacknowledged) {
    if (error instanceof org.apache.kafka.common.errors.TimeoutException
        || error instanceof RetriableException) {
      return timeout(unacknowledged, error);
    }
    if (error instanceof InterruptException || error instanceof IllegalStateException) {
      return new IntakeException(
          CollectorErrorCode.SHUTTING_DOWN,
          "Cannot send records to Kafka topic %s: the intake is stopping (%s)"
              .formatted(topic, error.getMessage()),
          error);
    }
    if (error instanceof RecordTooLargeException) {
      return new IntakeException(
          CollectorErrorCode.RECORD_TOO_LARGE,
          "Cannot send records to Kafka topic %s: %s".formatted(topic, error.getMessage()),
          error);
    }
    String kind = error instanceof KafkaException ? "Kafka refused them" : "unexpected error";
    return new IntakeException(
        CollectorErrorCode.KAFKA_REJECTED,
        "Cannot send records to Kafka topic %s: %s: %s".formatted(topic, kind, error.getMessage()),
        error);
  }

  private IntakeException timeout(int unacknowledged, Throwable cause) {
    String message =
        "Cannot send records to Kafka topic %s within intake.send-timeout (%d ms): %d not acknowledged%s"
            .formatted(
                topic,
                sendTimeout.toMillis(),
                unacknowledged,
                cause == null ? "" : " (" + cause.getMessage() + ")");
    return cause == null
        ? new IntakeException(CollectorErrorCode.KAFKA_UNAVAILABLE, message)
        : new IntakeException(CollectorErrorCode.KAFKA_UNAVAILABLE, message, cause);
  }

  private static Header header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
