package io.watershed.collector.agent.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to Kafka with their provenance headers, within the in-flight budget, and records
 * what was sent and acknowledged in the file's {@link TrackedFile.Acks}.
 */
final class RecordSender {
  private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);

  /** Header naming the transforms that did not apply to a record. */
  static final String TRANSFORM_SKIPPED_HEADER = "transform_skipped";

  private final KafkaProducer<byte[], byte[]> producer;
  private final InflightBudget budget;
  private final AgentCounters counters;
  private final Metrics.Component metrics;
  private final BooleanSupplier running;
  private final int maxLineBytes;
  private final RecordHeader agentHeader;
  private final RecordHeader hostHeader;
  private long readTsMillis = -1;
  private RecordHeader readTsHeader;

  RecordSender(
      String agentId,
      String host,
      int maxLineBytes,
      KafkaProducer<byte[], byte[]> producer,
      InflightBudget budget,
      AgentCounters counters,
      Metrics.Component metrics,
      BooleanSupplier running) {
    this.producer = requireNonNull(producer, "producer is null");
    this.budget = requireNonNull(budget, "budget is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.running = requireNonNull(running, "running is null");
    this.maxLineBytes = maxLineBytes;
    this.agentHeader = header("agent", agentId);
    this.hostHeader = header("host", host);
  }

  /**
   * Sends the record of file bytes {@code [offset, end)}; {@code skipped} names the transforms that
   * did not apply, or is null. Throws {@link InterruptedException} when the agent stops while Kafka
   * is away.
   */
  void send(TrackedFile file, long offset, byte[] value, long end, String skipped)
      throws InterruptedException {
    int length = value.length;
    budget.acquire(length, running);
    TrackedFile.Acks acks = file.acks;
    long sequence = acks.sending(offset);
    RecordHeaders headers = new RecordHeaders();
    headers.add(agentHeader);
    headers.add(hostHeader);
    headers.add(file.pathHeader());
    headers.add(file.fileIdHeader);
    headers.add(new RecordHeader("file_offset", decimal(offset)));
    headers.add(readTsHeader());
    if (skipped != null) {
      headers.add(header(TRANSFORM_SKIPPED_HEADER, skipped));
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(file.source.topic(), null, null, null, value, headers);
    Thread caller = Thread.currentThread();
    while (true) {
      boolean[] notTaken = new boolean[1];
      try {
        producer.send(
            record,
            (metadata, error) -> {
              if (error instanceof RetriableException && Thread.currentThread() == caller) {
                // failed inside send(), e.g. no metadata within max.block.ms: not taken, retried
                notTaken[0] = true;
              } else if (error == null) {
                acks.acknowledged(sequence);
                counters.linesAcknowledged.incrementAndGet();
                metrics.sentEvents(1);
                budget.release(length);
              } else {
                acks.failed(sequence, offset);
                budget.release(length);
                counters.sendErrors.incrementAndGet();
                metrics.error("send", CollectorErrorCode.KAFKA_REJECTED);
                LOG.error(
                    "Cannot send line at offset {} of {} ({}): {}; its offset is not committed,"
                        + " a restart reads it again",
                    offset,
                    file.path,
                    file.fileId,
                    error.toString());
              }
            });
      } catch (TimeoutException e) {
        notTaken[0] = true;
      }
      if (!notTaken[0]) {
        break;
      }
      // Kafka is away (metadata or buffer space not available in max.block.ms): try again
      counters.sendErrors.incrementAndGet();
      metrics.error("send", CollectorErrorCode.KAFKA_UNAVAILABLE);
      LOG.warn("Cannot hand a line of {} to Kafka yet: retrying", file.path);
      if (!running.getAsBoolean()) {
        budget.release(length);
        throw new InterruptedException("agent stopping");
      }
    }
    acks.sent(end);
    counters.linesRead.incrementAndGet();
    metrics.receivedEvents(1);
    if (length == maxLineBytes && end - offset == length) {
      counters.linesSplit.incrementAndGet();
    }
  }

  private RecordHeader readTsHeader() {
    long now = System.currentTimeMillis();
    if (now != readTsMillis) {
      readTsMillis = now;
      readTsHeader = header("read_ts", Long.toString(now));
    }
    return readTsHeader;
  }

  /** The ASCII digits of a non-negative number, without a String on the way. */
  static byte[] decimal(long value) {
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    byte[] bytes = new byte[digits];
    long rest = value;
    for (int i = digits - 1; i >= 0; i--) {
      bytes[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return bytes;
  }

  static RecordHeader header(String name, String value) {
    return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
