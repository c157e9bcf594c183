package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch engine's idempotence, as Kafka's producer keeps it: a producer id and epoch from {@code
 * InitProducerId}, and per partition a sequence number on each batch, so that the broker writes a
 * batch sent twice once. When the broker no longer knows the producer id, a new one is fetched once
 * nothing is in flight (a new generation), and each partition numbers its unanswered batches again
 * from 0. Guarded by the sender's lock, except the fetch itself.
 */
final class IdempotenceState {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotenceState.class);

  private final BatchSettings settings;
  private final Metrics.Component metrics;
  private final Object lock;
  private long producerId = -1;
  private short producerEpoch = -1;
  private int generation;
  private boolean stale = true;
  private long retryAtNanos;

  /**
   * @param lock the sender's lock
   */
  IdempotenceState(BatchSettings settings, Metrics.Component metrics, Object lock) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.lock = requireNonNull(lock, "lock is null");
  }

  /** Whether a (new) producer id is needed before anything is sent. */
  boolean stale() {
    return stale;
  }

  /** The broker lost this producer's state: a new id is fetched once nothing is in flight. */
  void lost() {
    stale = true;
  }

  /** Whether a fetch may be tried now (not backing off after a failed one). */
  boolean due(long now) {
    return now >= retryAtNanos;
  }

  /** Fetches a producer id from any broker (the producer's thread, without the lock). */
  void initProducerId(BrokerConnections connections) {
    InitProducerIdRequestData request =
        new InitProducerIdRequestData()
            .setTransactionalId(null)
            .setTransactionTimeoutMs(Integer.MAX_VALUE)
            .setProducerId(-1)
            .setProducerEpoch((short) -1);
    Errors error;
    InitProducerIdResponse response = null;
    try {
      response =
          (InitProducerIdResponse)
              connections
                  .any()
                  .call(new InitProducerIdRequest.Builder(request), settings.requestTimeoutMs());
      error = Errors.forCode(response.data().errorCode());
    } catch (IOException | RuntimeException e) {
      error = Errors.NETWORK_EXCEPTION;
      LOG.debug("InitProducerId failed: {}", e.toString());
    }
    if (error != Errors.NONE) {
      retryAtNanos = System.nanoTime() + settings.backoffNanos(2);
      if (error != Errors.NETWORK_EXCEPTION) {
        LOG.warn("Kafka refused a producer id: {}; retrying", error);
      }
      return;
    }
    synchronized (lock) {
      producerId = response.data().producerId();
      producerEpoch = response.data().producerEpoch();
      generation++;
      stale = false;
    }
    metrics.counter(
        "agent_kafka_producer_ids_total",
        "Producer ids fetched (InitProducerId): 1 at start, one more each time Kafka lost it.",
        "",
        1);
    LOG.info(
        "Kafka producer id {} epoch {} (generation {})", producerId, producerEpoch, generation);
  }

  /**
   * Whether the partition may send: under a new producer id it starts its numbering from 0 once
   * none of its batches is in flight.
   */
  boolean ready(PartitionState partition) {
    if (partition.generation != generation) {
      if (!partition.inflight.isEmpty()) {
        return false;
      }
      partition.generation = generation;
      partition.nextSequence = 0;
      partition.writtenEnd = 0;
    }
    return true;
  }

  /** The partition's next batches are numbered right after the ones written. */
  void rewind(PartitionState partition) {
    partition.nextSequence = partition.writtenEnd;
  }

  /** Gives the batch the partition's next sequence (stamping it again only when it changed). */
  void number(PartitionState partition, RecordBatch batch) {
    int sequence = partition.nextSequence;
    if (batch.baseSequence != sequence || batch.generation != generation) {
      batch.stamp(producerId, producerEpoch, sequence);
      batch.generation = generation;
    }
    partition.nextSequence = nextSequence(sequence, batch.count());
  }

  /** The broker wrote the batch: the partition's written sequences end after it. */
  void written(PartitionState partition, RecordBatch batch) {
    if (batch.generation == partition.generation) {
      partition.writtenEnd = nextSequence(batch.baseSequence, batch.count());
    }
  }

  /**
   * Whether an out-of-order answer for this batch means the broker lost the producer's state: it is
   * the first batch the broker has not got, and no earlier one waits to be sent again.
   */
  static boolean firstUnwritten(PartitionState partition, RecordBatch batch) {
    return batch.generation == partition.generation
        && batch.baseSequence == partition.writtenEnd
        && partition.retry.isEmpty();
  }

  /** Kafka's sequence numbers wrap to 0 after Integer.MAX_VALUE. */
  static int nextSequence(int sequence, int count) {
    if (sequence > Integer.MAX_VALUE - count) {
      return count - (Integer.MAX_VALUE - sequence) - 1;
    }
    return sequence + count;
  }
}
