package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch engine's producer thread: compresses each sealed batch, refreshes the metadata and the
 * producer id when due, and sends each partition's batches in produce requests ({@code acks=all})
 * to its leader, at most {@code max.in.flight.requests.per.connection} per partition; the answers
 * come back on each connection's reading thread.
 *
 * <p>A batch that fails with a retriable error (broker away, leader moved, timeout) is sent again
 * with its sequence after every earlier batch of its partition has answered, and the partition
 * sends nothing new meanwhile; batches are never dropped for time, so a Kafka outage only stops
 * reading (the in-flight budget). A batch refused for good (too large, invalid) completes its
 * records with the error; the partition's later batches are numbered again after it.
 *
 * <p>The partitions' queues, the metadata's brokers and leaders, the connections and the
 * idempotence state are guarded by one lock, {@link #lock}.
 */
final class Sender implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  static final String BATCHES_METRIC = "agent_kafka_batches_total";
  private static final String BATCHES_HELP =
      "Record batches sent by the batch engine: attempt first, or again after a retriable failure.";

  /** A produce request to send once the lock is let go. */
  private record Send(BrokerConnection connection, PartitionState partition, RecordBatch batch) {}

  private final BatchSettings settings;
  private final ProducerMetadata metadata;
  private final RecordAccumulator accumulator;
  private final IdempotenceState idempotence;
  private final BrokerConnections connections;
  private final Metrics.Component metrics;
  private final Object lock;
  private final Thread thread = new Thread(this, "agent-kafka-producer");
  private final AtomicLong batchesResent = new AtomicLong();
  private volatile boolean running = true;
  private volatile long closeDeadlineNanos = Long.MAX_VALUE;

  Sender(
      BatchSettings settings,
      ProducerMetadata metadata,
      RecordAccumulator accumulator,
      IdempotenceState idempotence,
      BrokerConnections connections,
      Metrics.Component metrics,
      Object lock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metadata = requireNonNull(metadata, "metadata is null");
    this.accumulator = requireNonNull(accumulator, "accumulator is null");
    this.idempotence = requireNonNull(idempotence, "idempotence is null");
    this.connections = requireNonNull(connections, "connections is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.lock = requireNonNull(lock, "lock is null");
  }

  void start() {
    thread.setDaemon(true);
    thread.start();
  }

  /** Wakes the producer's thread: a batch was sealed, an answer came, a topic is wanted. */
  void wakeUp() {
    LockSupport.unpark(thread);
  }

  boolean running() {
    return running;
  }

  /** Sends what is sealed and waits for the answers, at most {@code timeout}. */
  void stop(Duration timeout) {
    closeDeadlineNanos = System.nanoTime() + timeout.toNanos();
    running = false;
    wakeUp();
    try {
      thread.join(Math.max(1, timeout.toMillis() + 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Batches sent more than once (after a retriable failure). */
  long batchesResent() {
    return batchesResent.get();
  }

  @Override
  public void run() {
    while (true) {
      RecordBatch sealed;
      while ((sealed = accumulator.pollSealed()) != null) {
        double ratio = sealed.seal(settings.compression());
        sealed.partition.topic.ratio = ratio;
        sealed.partition.lastBatchBytes = sealed.uncompressedBytes();
        synchronized (lock) {
          sealed.partition.waiting.add(sealed);
        }
      }
      if (!running && (idle() || System.nanoTime() >= closeDeadlineNanos)) {
        return;
      }
      try {
        maintain();
        for (Send send : dispatch()) {
          produce(send);
        }
      } catch (RuntimeException e) {
        LOG.error("Kafka producer step failed: {}", e.toString(), e);
      }
      if (accumulator.noneSealed()) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
    }
  }

  private boolean idle() {
    synchronized (lock) {
      if (!accumulator.noneSealed()) {
        return false;
      }
      for (TopicState topic : metadata.topics()) {
        for (PartitionState partition : topic.partitions) {
          if (!partition.waiting.isEmpty()
              || !partition.inflight.isEmpty()
              || !partition.retry.isEmpty()) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** Refreshes the metadata and the producer id when due. */
  private void maintain() {
    long now = System.nanoTime();
    if (metadata.due(now)) {
      refreshMetadata();
    }
    boolean drained;
    synchronized (lock) {
      drained = idempotence.stale() && inflightCount() == 0;
    }
    if (drained && idempotence.due(now)) {
      idempotence.initProducerId(connections);
    }
  }

  private void refreshMetadata() {
    MetadataResponse response;
    try {
      response =
          (MetadataResponse)
              connections.any().call(metadata.request(), settings.requestTimeoutMs());
    } catch (java.io.IOException | RuntimeException e) {
      metadata.failed(e);
      return;
    }
    metadata.fetched();
    synchronized (lock) {
      metadata.update(response);
    }
  }

  private int inflightCount() {
    int count = 0;
    for (TopicState topic : metadata.topics()) {
      for (PartitionState partition : topic.partitions) {
        count += partition.inflight.size();
      }
    }
    return count;
  }

  /** Picks the batches to send now, numbering them; sending happens without the lock. */
  private List<Send> dispatch() {
    synchronized (lock) {
      List<Send> sends = new ArrayList<>();
      if (idempotence.stale()) {
        return sends;
      }
      long now = System.nanoTime();
      for (TopicState topic : metadata.topics()) {
        for (PartitionState partition : topic.partitions) {
          if (partition.recovering) {
            if (!partition.inflight.isEmpty() || now < partition.retryAtNanos) {
              continue;
            }
            partition.retry.sort(Comparator.comparingInt(batch -> batch.baseSequence));
            for (int i = partition.retry.size() - 1; i >= 0; i--) {
              partition.waiting.addFirst(partition.retry.get(i));
            }
            partition.retry.clear();
            idempotence.rewind(partition);
            partition.recovering = false;
          }
          if (!idempotence.ready(partition) || connections.throttled(partition.leader, now)) {
            continue;
          }
          while (!partition.waiting.isEmpty()
              && partition.inflight.size() < settings.maxInFlight()) {
            BrokerConnection connection = connections.leader(partition, now);
            if (connection == null) {
              break;
            }
            RecordBatch batch = partition.waiting.poll();
            idempotence.number(partition, batch);
            partition.inflight.add(batch);
            boolean again = batch.attempts++ > 0;
            if (again) {
              batchesResent.incrementAndGet();
            }
            metrics.counter(
                BATCHES_METRIC, BATCHES_HELP, again ? "attempt=\"again\"" : "attempt=\"first\"", 1);
            sends.add(new Send(connection, partition, batch));
          }
        }
      }
      return sends;
    }
  }

  private void produce(Send send) {
    PartitionState partition = send.partition();
    TopicState topic = partition.topic;
    ProduceRequestData.TopicProduceData topicData =
        ProduceRequests.topicData(partition, send.batch());
    ProduceRequest.Builder builder =
        ProduceRequests.builder(topicData, settings.requestTimeoutMs());
    short version;
    try {
      version = send.connection().version(builder);
    } catch (RuntimeException e) {
      completed(partition, send.batch(), null, e, false);
      return;
    }
    boolean byId = version >= 13;
    if (byId) {
      topicData.setTopicId(topic.id);
    } else {
      topicData.setName(topic.name);
    }
    int node = send.connection().nodeId;
    send.connection()
        .send(builder)
        .whenComplete(
            (response, error) -> {
              if (response != null && response.throttleTimeMs() > 0) {
                connections.throttle(node, response.throttleTimeMs());
              }
              completed(partition, send.batch(), response, error, byId);
            });
  }

  private void completed(
      PartitionState partition,
      RecordBatch batch,
      AbstractResponse response,
      Throwable failure,
      boolean byId) {
    synchronized (lock) {
      partition.inflight.remove(batch);
      Errors error;
      String message = null;
      if (failure != null) {
        error = Errors.forException(failure);
        if (error == Errors.UNKNOWN_SERVER_ERROR) {
          error = Errors.NETWORK_EXCEPTION;
        }
        message = failure.toString();
      } else {
        ProduceResponseData.PartitionProduceResponse answer =
            ProduceRequests.answerFor((ProduceResponse) response, partition, byId);
        if (answer == null) {
          error = Errors.UNKNOWN_SERVER_ERROR;
          message = "no answer for " + partition + " in the produce response";
        } else {
          error = Errors.forCode(answer.errorCode());
          message = answer.errorMessage();
        }
      }
      answered(partition, batch, failure, error, message);
    }
    wakeUp();
  }

  /** Acts on a batch's answer; under the lock. */
  private void answered(
      PartitionState partition,
      RecordBatch batch,
      Throwable failure,
      Errors error,
      String message) {
    switch (error) {
      case NONE, DUPLICATE_SEQUENCE_NUMBER -> {
        idempotence.written(partition, batch);
        if (partition.failures > 0 && !partition.recovering) {
          LOG.info(
              "Kafka takes batches of {} again after {} failures", partition, partition.failures);
          partition.failures = 0;
        }
        batch.complete(null);
      }
      case UNKNOWN_PRODUCER_ID,
          INVALID_PRODUCER_EPOCH,
          PRODUCER_FENCED,
          INVALID_PRODUCER_ID_MAPPING -> {
        idempotence.lost();
        retry(partition, batch, error, message);
      }
      case OUT_OF_ORDER_SEQUENCE_NUMBER -> {
        if (IdempotenceState.firstUnwritten(partition, batch)) {
          // the first batch the broker has not got, refused: it lost this producer's state
          idempotence.lost();
        }
        retry(partition, batch, error, message);
      }
      default -> {
        if (failure != null || error.exception() instanceof RetriableException) {
          if (failure != null
              || error == Errors.NOT_LEADER_OR_FOLLOWER
              || error == Errors.UNKNOWN_TOPIC_OR_PARTITION
              || error == Errors.LEADER_NOT_AVAILABLE
              || error == Errors.UNKNOWN_TOPIC_ID) {
            metadata.want();
          }
          retry(partition, batch, error, message);
        } else {
          refused(partition, batch, error, message);
        }
      }
    }
  }

  private void refused(PartitionState partition, RecordBatch batch, Errors error, String message) {
    LOG.error(
        "Kafka refused a batch of {} records for {}: {} {}",
        batch.count(),
        partition,
        error,
        message == null ? "" : message);
    // the later batches of the partition are numbered again, after the ones written
    partition.recovering = true;
    partition.retryAtNanos = System.nanoTime();
    metrics.counter(
        "agent_kafka_batches_refused_total",
        "Record batches Kafka refused for good (their records failed).",
        "",
        1);
    batch.complete(error.exception(message));
  }

  private void retry(PartitionState partition, RecordBatch batch, Errors error, String message) {
    partition.retry.add(batch);
    if (!partition.recovering) {
      partition.recovering = true;
      partition.failures++;
      partition.retryAtNanos = System.nanoTime() + settings.backoffNanos(partition.failures);
      if (partition.failures == 1 || partition.failures % 20 == 0) {
        LOG.warn(
            "Kafka did not take a batch of {} records for {} ({} failures): {} {}; sending again",
            batch.count(),
            partition,
            partition.failures,
            error,
            message == null ? "" : message);
      }
    }
  }
}
