package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.contracts.ProvenanceHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reading thread's side of the batch engine: appends each record straight into the open {@link
 * RecordBatch} of its partition and seals a batch when it is full (about {@code batch.size}
 * compressed, from the topic's last compression ratio), when the sticky partition moves on, after
 * {@code linger.ms}, or when the reading thread is about to wait. Sealed batches queue for the
 * {@link Sender}. Used by the reading thread only, except {@link #pollSealed} and {@link
 * #noneSealed}.
 */
final class RecordAccumulator {
  private static final double COMPRESSION_ESTIMATE_FACTOR = 1.05;

  /** About the bytes of a record's headers and varints, for a look at whether it fits. */
  private static final int HEADERS_ESTIMATE = 256;

  private static final byte[] OFFSET_KEY = RecordBatch.headerKey(ProvenanceHeaders.FILE_OFFSET);
  private static final byte[] SKIPPED_KEY =
      RecordBatch.headerKey(ProvenanceHeaders.TRANSFORM_SKIPPED);

  private final BatchSettings settings;
  private final ProducerMetadata metadata;
  private final byte[] constantHeaders;
  private final Runnable sealed;
  private final ConcurrentLinkedQueue<RecordBatch> sealedBatches = new ConcurrentLinkedQueue<>();
  private final List<RecordBatch> openBatches = new ArrayList<>();
  private String lastTopicName;
  private TopicState lastTopic;
  private long readTsMillis = -1;
  private byte[] readTsHeader;

  /**
   * @param constantHeaders the prepared headers every record carries ({@code agent}, {@code host})
   * @param sealed run when a batch is sealed (wakes the sender)
   */
  RecordAccumulator(
      BatchSettings settings, ProducerMetadata metadata, byte[] constantHeaders, Runnable sealed) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metadata = requireNonNull(metadata, "metadata is null");
    this.constantHeaders = requireNonNull(constantHeaders, "constantHeaders is null");
    this.sealed = requireNonNull(sealed, "sealed is null");
  }

  /** Appends a record to its partition's open batch; see {@link RecordOutput#send}. */
  void append(
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
    TopicState state;
    if (topic == lastTopicName) {
      state = lastTopic;
    } else {
      state = metadata.topic(topic);
      lastTopicName = topic;
      lastTopic = state;
    }
    PartitionState target = state.partitions[partition];
    PartitionState previous = state.current;
    if (previous != target) {
      // the sender moved on to the next partition: the last one's batch will not grow soon
      if (previous != null && previous.open != null) {
        seal(previous.open);
      }
      state.current = target;
    }
    if (readTs != readTsMillis) {
      readTsMillis = readTs;
      readTsHeader = RecordBatch.header(ProvenanceHeaders.READ_TS, RecordSender.decimal(readTs));
    }
    byte[] fileHeaders = file.headers().batch(file.path(), constantHeaders, OFFSET_KEY);
    byte[] skippedHeader =
        skipped == null ? null : RecordBatch.concat(SKIPPED_KEY, lengthPrefixed(skipped));
    int estimate = length + fileHeaders.length + 64;
    RecordBatch batch = target.open;
    if (batch != null && !batch.fits(estimate)) {
      seal(batch);
      batch = null;
    }
    if (batch == null) {
      long now = System.nanoTime();
      int limit = batchLimit(state);
      batch =
          new RecordBatch(
              target,
              Math.min(
                  limit, Math.max(estimate, target.lastBatchBytes + target.lastBatchBytes / 8)),
              limit,
              now);
      target.open = batch;
      openBatches.add(batch);
    }
    batch.append(
        readTs,
        value,
        from,
        length,
        fileHeaders,
        offset,
        readTsHeader,
        skippedHeader,
        skipped == null ? 6 : 7,
        queue);
  }

  /** See {@link RecordOutput#moveOn}: when the open batch is full, or after the sticky bytes. */
  boolean moveOn(String topic, int partition, int length, long bytes, long stickyBytes) {
    TopicState state = topic == lastTopicName ? lastTopic : metadata.topic(topic);
    RecordBatch open = state == null ? null : state.partitions[partition].open;
    return open == null ? bytes >= stickyBytes : !open.fits(length + HEADERS_ESTIMATE);
  }

  /** Seals the batches open longer than {@code linger.ms}. */
  void poll() {
    if (openBatches.isEmpty()) {
      return;
    }
    long cutoff = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(settings.lingerMs());
    for (int i = openBatches.size() - 1; i >= 0; i--) {
      RecordBatch batch = openBatches.get(i);
      if (batch.createdNanos <= cutoff) {
        seal(batch);
      }
    }
  }

  /** Seals every open batch. */
  void flush() {
    for (int i = openBatches.size() - 1; i >= 0; i--) {
      seal(openBatches.get(i));
    }
  }

  /** The next sealed batch for the sender, or null (the producer's thread). */
  RecordBatch pollSealed() {
    return sealedBatches.poll();
  }

  /** Whether no sealed batch waits for the sender (any thread). */
  boolean noneSealed() {
    return sealedBatches.isEmpty();
  }

  private void seal(RecordBatch batch) {
    batch.partition.open = null;
    int at = openBatches.lastIndexOf(batch);
    openBatches.set(at, openBatches.get(openBatches.size() - 1));
    openBatches.remove(openBatches.size() - 1);
    sealedBatches.add(batch);
    sealed.run();
  }

  /** Uncompressed bytes of a batch, so that compressed it is about batch.size, as Kafka does. */
  private int batchLimit(TopicState topic) {
    double estimate =
        settings.batchBytes() / Math.max(0.02, topic.ratio * COMPRESSION_ESTIMATE_FACTOR);
    return (int) Math.max(1024, Math.min(estimate, settings.maxRequestBytes() - 4096));
  }

  private static byte[] lengthPrefixed(String value) {
    byte[] bytes = RecordSender.utf8(value);
    byte[] out = new byte[RecordBatch.varintSize(bytes.length) + bytes.length];
    int at = RecordBatch.writeVarint(out, 0, bytes.length);
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return out;
  }
}
