package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.agent.AgentConfig;
import io.watershed.collector.agent.internal.AgentCounters;
import io.watershed.collector.internal.CollectorErrorCode;
import io.watershed.collector.internal.Metrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records to Kafka with their provenance headers, within the in-flight budget, and keeps what
 * was sent in the file's {@link FileAcks}. Used by the reading thread only, except {@link
 * #completed()}, called by the producer's thread for each completed record.
 *
 * <p>Each record goes to a partition chosen here, sticky like Kafka's own partitioner for null
 * keys: the same partition until about a batch of bytes went to it, then the next. Knowing the
 * partition lets one callback object per file run and partition count completions in order, so a
 * record costs no callback object, lock or counter update of its own.
 */
public final class RecordSender {
  private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);

  /** Records between two looks at a topic's partition count. */
  private static final int PARTITION_REFRESH_RECORDS = 16 * 1024;

  private static final long WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /** Where records of one topic go now. */
  private static final class TopicPartitions {
    int count;
    int current;
    long bytes;
    int sinceRefresh;
  }

  private final RecordOutput output;
  private final InflightBudget budget;
  private final AgentCounters counters;
  private final Metrics.Component metrics;
  private final BooleanSupplier running;
  private final int maxLineBytes;
  private final long stickyBytes;
  private final Map<String, TopicPartitions> topics = new HashMap<>();

  /** Runs of files with records sent and not yet taken off their queues. */
  private final List<FileAcks> live = new ArrayList<>();

  private String lastTopic;
  private TopicPartitions lastPartitions;
  private Thread sendingThread;
  private Exception notTaken;
  private volatile Thread waiting;
  private long unreportedRead;
  private long unreportedSplit;
  private long retries;

  RecordSender(
      int maxLineBytes,
      long stickyBytes,
      RecordOutput output,
      InflightBudget budget,
      AgentCounters counters,
      Metrics.Component metrics,
      BooleanSupplier running) {
    this.output = requireNonNull(output, "output is null");
    this.budget = requireNonNull(budget, "budget is null");
    this.counters = requireNonNull(counters, "counters is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.running = requireNonNull(running, "running is null");
    this.maxLineBytes = maxLineBytes;
    this.stickyBytes = stickyBytes;
  }

  /**
   * A sender producing with {@code config}'s engine ({@link BatchProducer} or Kafka's own producer)
   * and {@code producerSettings} (Kafka producer settings); {@link #close} closes the producer.
   */
  public static RecordSender open(
      AgentConfig config,
      String host,
      Map<String, Object> producerSettings,
      long stickyBytes,
      InflightBudget budget,
      AgentCounters counters,
      Metrics.Component metrics,
      BooleanSupplier running) {
    RecordOutput output =
        config.kafkaEngine() == AgentConfig.KafkaEngine.BATCH
            ? new BatchProducer(BatchSettings.of(producerSettings), config.id(), host, metrics)
            : new ClientOutput(new KafkaProducer<>(producerSettings), config.id(), host);
    return new RecordSender(
        config.maxLineBytes(), stickyBytes, output, budget, counters, metrics, running);
  }

  /**
   * Sends the record of file bytes {@code [offset, end)}; {@code skipped} names the transforms that
   * did not apply, or is null. {@code value} must not change afterwards. Throws {@link
   * InterruptedException} when the agent stops while Kafka is away.
   */
  public void send(RecordFile file, long offset, byte[] value, long end, String skipped)
      throws InterruptedException {
    send(file, offset, value, 0, value.length, end, skipped);
  }

  /**
   * As {@link #send(RecordFile, long, byte[], long, String)}, the record being {@code value[from,
   * from + length)}, which may change after the call (an output copies what it keeps).
   */
  public void send(
      RecordFile file, long offset, byte[] value, int from, int length, long end, String skipped)
      throws InterruptedException {
    acquire(length);
    FileAcks acks = file.acks();
    String topic = file.topic();
    long readTs = System.currentTimeMillis();
    boolean queued = true;
    while (true) {
      Exception error;
      PartitionQueue queue = null;
      try {
        int partition = partition(topic, length);
        queue = acks.queue(partition, this);
        queue.add(offset, length);
        notTaken = null;
        sendingThread = Thread.currentThread();
        output.send(file, topic, partition, offset, readTs, value, from, length, skipped, queue);
        error = notTaken;
      } catch (KafkaException e) {
        // thrown by send() or by the partition lookup: no metadata in time, a bad topic, ...
        error = e;
      } finally {
        sendingThread = null;
      }
      if (error == null) {
        if (retries > 0) {
          LOG.info("Kafka took a line of {} after {} retries", file.path(), retries);
          retries = 0;
        }
        break;
      }
      if (queue != null) {
        queue.removeLast();
      }
      if (!(error instanceof RetriableException)) {
        // refused inside send(), e.g. too large: counts as failed at once
        budget.release(length);
        acks.failed(offset);
        failed(file, offset, error);
        queued = false;
        break;
      }
      // Kafka is away (metadata or buffer space not available in max.block.ms): try again
      counters.sendErrors.incrementAndGet();
      metrics.error("send", CollectorErrorCode.KAFKA_UNAVAILABLE);
      // the cause once a streak, not once every max.block.ms
      if (retries++ == 0) {
        LOG.warn(
            "Cannot hand a line of {} to Kafka yet: {}; retrying until it takes it",
            file.path(),
            error.getMessage());
      } else {
        LOG.debug("Cannot hand a line of {} to Kafka yet (retry {})", file.path(), retries);
      }
      if (!running.getAsBoolean()) {
        budget.release(length);
        throw new InterruptedException("agent stopping");
      }
    }
    if (queued) {
      if (!acks.live) {
        acks.live = true;
        live.add(acks);
      }
      acks.pending++;
    }
    acks.sent(end);
    unreportedRead++;
    if (length == maxLineBytes && end - offset == length) {
      unreportedSplit++;
    }
  }

  /** Whether {@code send()} is running on the calling thread (a callback from inside it). */
  boolean sendingOnThisThread() {
    return sendingThread == Thread.currentThread();
  }

  /** A callback from inside {@code send()}: the record was not taken. */
  void notTaken(Exception error) {
    notTaken = error == null ? new IllegalStateException("completed inside send()") : error;
  }

  /** The producer's thread completed a record: wakes the reading thread if it waits for room. */
  void completed() {
    Thread thread = waiting;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /** Waits until {@code bytes} fit the in-flight budget, taking completed records off meanwhile. */
  private void acquire(int bytes) throws InterruptedException {
    if (budget.fits(bytes)) {
      budget.add(bytes);
      return;
    }
    output.flush();
    waiting = Thread.currentThread();
    try {
      while (true) {
        drain();
        if (budget.fits(bytes)) {
          break;
        }
        if (!running.getAsBoolean()) {
          throw new InterruptedException("agent stopping");
        }
        LockSupport.parkNanos(this, WAIT_NANOS);
      }
    } finally {
      waiting = null;
    }
    budget.add(bytes);
  }

  /**
   * Takes the records Kafka completed off their queues: gives their bytes back to the budget,
   * counts them, notes refused ones (their offsets never commit). Also reports the counters of
   * records sent. Call often: offsets commit only through it.
   */
  public void drain() {
    output.poll();
    long acknowledged = 0;
    long released = 0;
    for (int i = 0; i < live.size(); i++) {
      FileAcks acks = live.get(i);
      for (PartitionQueue queue : acks.queues()) {
        if (queue == null) {
          continue;
        }
        long completed = Math.min(queue.completed.get(), queue.tail);
        while (queue.head < completed) {
          int index = queue.index(queue.head);
          long start = queue.starts[index];
          released += queue.lengths[index];
          PartitionQueue.Failure failure = queue.failures.peek();
          if (failure != null && failure.index() == queue.head) {
            queue.failures.poll();
            acks.failed(start);
            failed(acks.file, start, failure.error());
          } else {
            acknowledged++;
          }
          queue.head++;
          acks.pending--;
        }
      }
      if (acks.pending == 0) {
        acks.live = false;
        live.set(i, live.get(live.size() - 1));
        live.remove(live.size() - 1);
        i--;
      }
    }
    if (released > 0) {
      budget.release(released);
    }
    if (acknowledged > 0) {
      counters.linesAcknowledged.addAndGet(acknowledged);
      metrics.sentEvents(acknowledged);
    }
    if (unreportedRead > 0) {
      counters.linesRead.addAndGet(unreportedRead);
      metrics.receivedEvents(unreportedRead);
      unreportedRead = 0;
    }
    if (unreportedSplit > 0) {
      counters.linesSplit.addAndGet(unreportedSplit);
      unreportedSplit = 0;
    }
  }

  private void failed(RecordFile file, long offset, Exception error) {
    counters.sendErrors.incrementAndGet();
    metrics.error("send", CollectorErrorCode.KAFKA_REJECTED);
    LOG.error(
        "Cannot send line at offset {} of {} ({}): {}; its offset is not committed,"
            + " a restart reads it again",
        offset,
        file.path(),
        file.fileId(),
        error.toString());
  }

  /** The partition of the next record of {@code topic}: sticky for about a batch of bytes. */
  private int partition(String topic, int length) {
    // the same topic as the record before, most of the time: no map lookup
    TopicPartitions partitions = topic == lastTopic ? lastPartitions : topics.get(topic);
    if (partitions == null) {
      partitions = new TopicPartitions();
      partitions.count = partitionCount(topic);
      partitions.current = ThreadLocalRandom.current().nextInt(partitions.count);
      topics.put(topic, partitions);
    } else if (++partitions.sinceRefresh >= PARTITION_REFRESH_RECORDS) {
      partitions.sinceRefresh = 0;
      partitions.count = partitionCount(topic);
    }
    if (partitions.current >= partitions.count
        || output.moveOn(topic, partitions.current, length, partitions.bytes, stickyBytes)) {
      partitions.bytes = 0;
      partitions.current = (partitions.current + 1) % partitions.count;
    }
    partitions.bytes += length;
    lastTopic = topic;
    lastPartitions = partitions;
    return partitions.current;
  }

  private int partitionCount(String topic) {
    return output.partitionCount(topic);
  }

  /** Sends what waits to fill a batch: the reading thread is about to pause. */
  public void flush() {
    output.flush();
  }

  /** Closes the Kafka producer, waiting at most {@code timeout}; after the reading loop ended. */
  public void close(Duration timeout) {
    output.close(timeout);
  }

  /** The ASCII digits of a non-negative number, without a String on the way. */
  static byte[] decimal(long value) {
    int digits = 1;
    for (long bound = 10; digits < 19 && value >= bound; bound *= 10) {
      digits++;
    }
    byte[] bytes = new byte[digits];
    long rest = value;
    for (int i = digits - 1; i >= 0; i--) {
      long next = rest / 10;
      bytes[i] = (byte) ('0' + (rest - next * 10));
      rest = next;
    }
    return bytes;
  }

  static RecordHeader header(String name, String value) {
    return new RecordHeader(name, utf8(value));
  }

  static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
