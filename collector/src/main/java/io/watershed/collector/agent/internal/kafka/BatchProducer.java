package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.Metrics;
import io.watershed.contracts.ProvenanceHeaders;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The agent's own idempotent Kafka producer (the {@code batch} engine), laid out as Kafka's
 * producer is: the reading thread appends records into {@link RecordBatch}es per partition ({@link
 * RecordAccumulator}); one producer thread compresses them, numbers them ({@link IdempotenceState})
 * and sends each in a produce request ({@code acks=all}) to the partition's leader ({@link Sender},
 * {@link ProducerMetadata}, {@link BrokerConnections}), at most {@code
 * max.in.flight.requests.per.connection} (at most 5, the broker's window for duplicates) per
 * partition. This class wires them together and is what {@link RecordSender} sees.
 *
 * <p>Why it is hand-written rather than Kafka's {@code KafkaProducer}: that producer serialises
 * each record on the caller's thread a byte at a time (varints through a synchronized {@code
 * DataOutputStream}, header keys encoded per record), about 1.2 µs a record with six headers, alone
 * above the agent's budget of 1.2 CPU s per million lines. Measured in the same run, the batch
 * engine takes 0.73 CPU s per million 200-byte lines (collector/README.md, "The batch engine" and
 * "Bench"). It keeps Kafka's protocol, request classes, codecs and guarantees.
 *
 * <p>When the broker no longer knows the producer id, a new one is fetched and every unanswered
 * batch is sent again under it: the only case, besides a crash of the agent, that can write a line
 * twice. Plaintext connections only: a {@code kafka.security.protocol} other than PLAINTEXT needs
 * the {@code client} engine.
 */
final class BatchProducer implements RecordOutput {
  private final BatchSettings settings;
  private final ProducerMetadata metadata;
  private final RecordAccumulator accumulator;
  private final BrokerConnections connections;
  private final Sender sender;

  BatchProducer(BatchSettings settings, String agentId, String host, Metrics.Component metrics) {
    requireNonNull(metrics, "metrics is null");
    Object lock = new Object();
    this.settings = requireNonNull(settings, "settings is null");
    this.metadata = new ProducerMetadata(settings);
    this.accumulator =
        new RecordAccumulator(
            settings,
            metadata,
            RecordBatch.concat(
                RecordBatch.header(ProvenanceHeaders.AGENT, RecordSender.utf8(agentId)),
                RecordBatch.header(ProvenanceHeaders.HOST, RecordSender.utf8(host))),
            this::wakeUp);
    this.connections =
        new BrokerConnections(settings, metadata, metrics, lock, this::connectionClosed);
    this.sender =
        new Sender(
            settings,
            metadata,
            accumulator,
            new IdempotenceState(settings, metrics, lock),
            connections,
            metrics,
            lock);
    sender.start();
  }

  @Override
  public int partitionCount(String topic) {
    TopicState state = metadata.topic(topic);
    if (state == null) {
      state = metadata.add(topic);
      wakeUp();
    }
    PartitionState[] partitions = state.partitions;
    if (partitions.length > 0) {
      return partitions.length;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.maxBlockMs());
    while (state.partitions.length == 0) {
      if (System.nanoTime() >= deadline || !sender.running()) {
        String error = state.error;
        throw new TimeoutException(
            "Topic %s not present in metadata after %d ms%s"
                .formatted(topic, settings.maxBlockMs(), error.isEmpty() ? "" : ": " + error));
      }
      metadata.want();
      wakeUp();
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
    }
    return state.partitions.length;
  }

  @Override
  public void send(
      RecordFile file,
      String topic,
      int partition,
      long offset,
      long readTs,
      byte[] value,
      int from,
      int length,
      String skipped,
      PartitionQueue queue) {
    accumulator.append(file, topic, partition, offset, readTs, value, from, length, skipped, queue);
  }

  /**
   * On when the partition's open batch is full, so that each batch fills up before the next
   * partition's; with no batch open (a slow source, its batches sealed by linger.ms), after {@code
   * stickyBytes} as Kafka's partitioner does.
   */
  @Override
  public boolean moveOn(String topic, int partition, int length, long bytes, long stickyBytes) {
    return accumulator.moveOn(topic, partition, length, bytes, stickyBytes);
  }

  @Override
  public void poll() {
    accumulator.poll();
  }

  @Override
  public void flush() {
    accumulator.flush();
  }

  @Override
  public void close(Duration timeout) {
    sender.stop(timeout);
    connections.closeAll();
  }

  /** Batches sent more than once (after a retriable failure). */
  long batchesResent() {
    return sender.batchesResent();
  }

  /** Cuts every broker connection, as a network failure would (for tests). */
  void dropConnections() {
    connections.dropLeaders();
  }

  private void wakeUp() {
    sender.wakeUp();
  }

  private void connectionClosed() {
    metadata.want();
    sender.wakeUp();
  }
}
