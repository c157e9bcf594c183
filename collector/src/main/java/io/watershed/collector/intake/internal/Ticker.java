package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import io.netty.util.concurrent.DefaultThreadFactory;
import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import io.watershed.contracts.Ticks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a tick (contracts {@link Ticks}) to every partition of the intake's topic every {@code
 * intake.tick-interval}: an empty record whose {@link Ticks#HEADER} header holds the intake's
 * clock. Through the intake's own producer, so a tick lands behind every record handed to Kafka
 * before it in its partition; downstream it moves the window job's watermark on when traffic stops.
 * On its own thread: waiting for Kafka (metadata, a full buffer) never holds up a request. A failed
 * tick is counted and logged (at most a line per interval).
 *
 * <p>Ticks hold off for {@value #HOLD_OFF_INTERVALS} intervals (30 s at the default 2 s) after the
 * intake starts and after Kafka failed a tick: clients send again what was refused during an outage
 * or a restart, with its old report time, and a tick at once would put those records behind the
 * watermark (in ubc.late) where live traffic alone would not have.
 */
final class Ticker implements AutoCloseable {
  static final String SENT_METRIC = "intake_ticks_sent_total";
  static final String STAGE = "tick";
  private static final String SENT_HELP =
      "Ticks acknowledged by Kafka: one per partition of intake.topic per intake.tick-interval.";
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);
  private static final byte[] EMPTY = new byte[0];
  private static final long LOG_INTERVAL_SECONDS = 10;
  static final int HOLD_OFF_INTERVALS = 15;

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final LongSupplier clock;
  private final Metrics.Component metrics;
  private final ScheduledExecutorService thread;
  private final LogLimiter logLimiter =
      new LogLimiter(TimeUnit.SECONDS.toNanos(LOG_INTERVAL_SECONDS));
  private final long holdOffNanos;
  private volatile long quietUntilNanos;

  private Ticker(
      Producer<byte[], byte[]> producer,
      String topic,
      LongSupplier clock,
      Metrics.Component metrics,
      Duration interval,
      ScheduledExecutorService thread) {
    this.holdOffNanos = interval.toNanos() * HOLD_OFF_INTERVALS;
    this.quietUntilNanos = System.nanoTime() + holdOffNanos;
    this.producer = requireNonNull(producer, "producer is null");
    this.topic = requireNonNull(topic, "topic is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.thread = requireNonNull(thread, "thread is null");
  }

  /** Starts ticking now and then every {@code interval}. */
  static Ticker start(
      Producer<byte[], byte[]> producer,
      String topic,
      Duration interval,
      LongSupplier clock,
      Metrics.Component metrics) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException(
          "Cannot tick every %s: the interval must be positive".formatted(interval));
    }
    Ticker ticker =
        new Ticker(
            producer,
            topic,
            clock,
            metrics,
            interval,
            Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory("intake-ticker", true)));
    metrics.counter(SENT_METRIC, SENT_HELP, "", 0);
    ticker.thread.scheduleWithFixedDelay(
        ticker::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return ticker;
  }

  /** The tick of {@code partition} at {@code reportTs}: an empty value and the tick header. */
  static ProducerRecord<byte[], byte[]> record(String topic, int partition, long reportTs) {
    Header tick =
        new RecordHeader(Ticks.HEADER, Long.toString(reportTs).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, partition, reportTs, null, EMPTY, List.of(tick));
  }

  /** One tick to every partition the producer's metadata knows (waiting for it if need be). */
  private void tick() {
    if (System.nanoTime() - quietUntilNanos < 0) {
      return; // holding off after a start or a failure
    }
    try {
      List<PartitionInfo> partitions = producer.partitionsFor(topic);
      long now = clock.getAsLong();
      for (PartitionInfo partition : partitions) {
        producer.send(
            record(topic, partition.partition(), now),
            (metadata, error) -> {
              if (error == null) {
                metrics.counter(SENT_METRIC, SENT_HELP, "", 1);
              } else {
                failed(error);
              }
            });
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(Throwable error) {
    if (error instanceof InterruptException || thread.isShutdown()) {
      return; // closing: the intake is stopping
    }
    quietUntilNanos = System.nanoTime() + holdOffNanos;
    CollectorErrorCode code =
        error instanceof RetriableException || error instanceof TimeoutException
            ? CollectorErrorCode.KAFKA_UNAVAILABLE
            : CollectorErrorCode.KAFKA_REJECTED;
    metrics.error(STAGE, code);
    long held = logLimiter.permit(code, System.nanoTime());
    if (held >= 0) {
      LOG.warn(
          "Cannot send ticks to Kafka topic {} ({} more failures in the last {} s not logged): {}",
          topic,
          held,
          LOG_INTERVAL_SECONDS,
          error.toString());
    }
  }

  /** Stops ticking (interrupting a wait for Kafka); ticks handed over already are sent. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("the intake's ticker did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
