package io.watershed.collector.agent.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.Metrics;
import io.watershed.contracts.ProvenanceHeaders;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.InitProducerIdResponse;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own idempotent Kafka producer (the {@code batch} engine): the reading thread appends
 * records into {@link RecordBatch}es per partition; one producer thread compresses them, numbers
 * them and sends each in a produce request ({@code acks=all}) to the partition's leader, at most
 * {@code max.in.flight.requests.per.connection} (at most 5, the broker's window for duplicates) per
 * partition.
 *
 * <p>Idempotence as in Kafka's producer: a producer id from {@code InitProducerId}, and per
 * partition a sequence number on each batch, so that the broker writes a batch sent twice once. A
 * batch that fails with a retriable error (broker away, leader moved, timeout) is sent again with
 * its sequence after every earlier batch of its partition has answered, and the partition sends
 * nothing new meanwhile; batches are never dropped for time, so a Kafka outage only stops reading
 * (the in-flight budget). A batch refused for good (too large, invalid) completes its records with
 * the error; the partition's later batches are renumbered after it. When the broker no longer knows
 * the producer id, a new one is fetched and every unanswered batch is sent again under it: the only
 * case, besides a crash of the agent, that can write a line twice.
 *
 * <p>Plaintext connections only: a {@code kafka.security.protocol} other than PLAINTEXT needs the
 * {@code client} engine.
 */
final class BatchProducer implements RecordOutput {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProducer.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final double COMPRESSION_ESTIMATE_FACTOR = 1.05;
  private static final int MAX_IN_FLIGHT_PER_PARTITION = 5;

  static final String BATCHES_METRIC = "agent_kafka_batches_total";
  static final String THROTTLED_METRIC = "agent_kafka_throttled_responses_total";
  static final String THROTTLE_TIME_METRIC = "agent_kafka_throttle_milliseconds_total";
  private static final String BATCHES_HELP =
      "Record batches sent by the batch engine: attempt first, or again after a retriable failure.";

  /** About the bytes of a record's headers and varints, for a look at whether it fits. */
  private static final int HEADERS_ESTIMATE = 256;

  /** The producer settings the engine honours, from Kafka's own producer config. */
  record Settings(
      List<String> bootstrapServers,
      String clientId,
      long lingerMs,
      int batchBytes,
      Compression compression,
      int requestTimeoutMs,
      int maxInFlight,
      long retryBackoffMs,
      long retryBackoffMaxMs,
      int maxRequestBytes,
      long metadataMaxAgeMs,
      long maxBlockMs) {
    static Settings of(Map<String, Object> producerSettings) {
      ProducerConfig config = new ProducerConfig(producerSettings);
      String protocol = config.getString("security.protocol");
      if (!"PLAINTEXT".equalsIgnoreCase(protocol)) {
        throw new IllegalArgumentException(
            "The batch engine speaks PLAINTEXT only, not security.protocol="
                + protocol
                + "; use agent.kafka-engine=client");
      }
      return new Settings(
          config.getList(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG),
          config.getString(ProducerConfig.CLIENT_ID_CONFIG),
          config.getLong(ProducerConfig.LINGER_MS_CONFIG),
          config.getInt(ProducerConfig.BATCH_SIZE_CONFIG),
          compression(config),
          config.getInt(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
          Math.min(
              MAX_IN_FLIGHT_PER_PARTITION,
              config.getInt(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)),
          config.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
          config.getLong(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG),
          config.getInt(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
          config.getLong(ProducerConfig.METADATA_MAX_AGE_CONFIG),
          config.getLong(ProducerConfig.MAX_BLOCK_MS_CONFIG));
    }

    /** The codec with its {@code compression.<codec>.level}, as Kafka's producer builds it. */
    private static Compression compression(ProducerConfig config) {
      CompressionType type =
          CompressionType.forName(config.getString(ProducerConfig.COMPRESSION_TYPE_CONFIG));
      return switch (type) {
        case GZIP ->
            Compression.gzip()
                .level(config.getInt(ProducerConfig.COMPRESSION_GZIP_LEVEL_CONFIG))
                .build();
        case LZ4 ->
            Compression.lz4()
                .level(config.getInt(ProducerConfig.COMPRESSION_LZ4_LEVEL_CONFIG))
                .build();
        case ZSTD ->
            Compression.zstd()
                .level(config.getInt(ProducerConfig.COMPRESSION_ZSTD_LEVEL_CONFIG))
                .build();
        default -> Compression.of(type).build();
      };
    }
  }

  /** A topic as the metadata knows it; read by the reading thread, written by the producer's. */
  static final class TopicState {
    final String name;
    volatile Uuid id = Uuid.ZERO_UUID;
    volatile PartitionState[] partitions = new PartitionState[0];
    volatile String error = "";

    /** Compressed over uncompressed bytes of the topic's last batch. */
    volatile double ratio = 1.0;

    /** The partition the reading thread appended to last. */
    PartitionState current;

    /** The metadata error logged for the topic, the producer thread's; null when none. */
    Errors logged;

    TopicState(String name) {
      this.name = name;
    }
  }

  /** One partition's batches. {@link #open} is the reading thread's; the rest the producer's. */
  static final class PartitionState {
    final TopicState topic;
    final int index;
    RecordBatch open;
    int lastBatchBytes = 4096;

    int leader = -1;
    final ArrayDeque<RecordBatch> waiting = new ArrayDeque<>();
    final List<RecordBatch> inflight = new ArrayList<>();
    final List<RecordBatch> retry = new ArrayList<>();
    boolean recovering;
    long retryAtNanos;
    int failures;
    int nextSequence;
    int writtenEnd;
    int generation = -1;

    PartitionState(TopicState topic, int index) {
      this.topic = topic;
      this.index = index;
    }

    @Override
    public String toString() {
      return topic.name + "-" + index;
    }
  }

  /** A produce request to send once the lock is let go. */
  private record Send(BrokerConnection connection, PartitionState partition, RecordBatch batch) {}

  private final Settings settings;
  private final Metrics.Component metrics;
  private final byte[] constantHeaders;
  private final Map<String, TopicState> topics = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<RecordBatch> sealedBatches = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long closeDeadlineNanos = Long.MAX_VALUE;
  private volatile boolean metadataWanted = true;
  private final java.util.concurrent.atomic.AtomicLong batchesResent =
      new java.util.concurrent.atomic.AtomicLong();

  // the reading thread's
  private final List<RecordBatch> openBatches = new ArrayList<>();
  private String lastTopicName;
  private TopicState lastTopic;
  private long readTsMillis = -1;
  private byte[] readTsHeader;
  private static final byte[] OFFSET_KEY = RecordBatch.headerKey(ProvenanceHeaders.FILE_OFFSET);
  private static final byte[] SKIPPED_KEY =
      RecordBatch.headerKey(ProvenanceHeaders.TRANSFORM_SKIPPED);

  // the producer thread's, guarded by this
  private final Map<Integer, String> brokers = new HashMap<>();
  private final Map<Integer, BrokerConnection> connections = new HashMap<>();
  private final Map<Integer, Long> connectRetryAt = new HashMap<>();
  private final Map<Integer, Long> throttledUntil = new HashMap<>();
  private long throttleLoggedNanos = Long.MIN_VALUE;
  private BrokerConnection metadataConnection;
  private int bootstrapNext;
  private long metadataRefreshedNanos;
  private long metadataRetryAtNanos;
  private int metadataFailures;
  private long producerId = -1;
  private short producerEpoch = -1;
  private int generation;
  private boolean producerIdStale = true;
  private long producerIdRetryAtNanos;

  BatchProducer(Settings settings, String agentId, String host, Metrics.Component metrics) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.constantHeaders =
        RecordBatch.concat(
            RecordBatch.header(ProvenanceHeaders.AGENT, RecordSender.utf8(agentId)),
            RecordBatch.header(ProvenanceHeaders.HOST, RecordSender.utf8(host)));
    this.thread = new Thread(this::run, "agent-kafka-producer");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public int partitionCount(String topic) {
    TopicState state = topics.get(topic);
    if (state == null) {
      state = topics.computeIfAbsent(topic, TopicState::new);
      metadataWanted = true;
      LockSupport.unpark(thread);
    }
    PartitionState[] partitions = state.partitions;
    if (partitions.length > 0) {
      return partitions.length;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.maxBlockMs());
    while (state.partitions.length == 0) {
      if (System.nanoTime() >= deadline || !running) {
        String error = state.error;
        throw new TimeoutException(
            "Topic %s not present in metadata after %d ms%s"
                .formatted(topic, settings.maxBlockMs(), error.isEmpty() ? "" : ": " + error));
      }
      metadataWanted = true;
      LockSupport.unpark(thread);
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(5));
    }
    return state.partitions.length;
  }

  @Override
  public void send(
      TrackedFile file,
      String topic,
      int partition,
      long offset,
      long readTs,
      byte[] value,
      int from,
      int length,
      String skipped,
      TrackedFile.PartitionQueue queue) {
    TopicState state;
    if (topic == lastTopicName) {
      state = lastTopic;
    } else {
      state = topics.get(topic);
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
    byte[] fileHeaders = file.batchHeaders(constantHeaders, OFFSET_KEY);
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

  /**
   * On when the partition's open batch is full, so that each batch fills up before the next
   * partition's; with no batch open (a slow source, its batches sealed by linger.ms), after {@code
   * stickyBytes} as Kafka's partitioner does.
   */
  @Override
  public boolean moveOn(String topic, int partition, int length, long bytes, long stickyBytes) {
    TopicState state = topic == lastTopicName ? lastTopic : topics.get(topic);
    RecordBatch open = state == null ? null : state.partitions[partition].open;
    return open == null ? bytes >= stickyBytes : !open.fits(length + HEADERS_ESTIMATE);
  }

  private static byte[] lengthPrefixed(String value) {
    byte[] bytes = RecordSender.utf8(value);
    byte[] out = new byte[RecordBatch.varintSize(bytes.length) + bytes.length];
    int at = RecordBatch.writeVarint(out, 0, bytes.length);
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return out;
  }

  /** Uncompressed bytes of a batch, so that compressed it is about batch.size, as Kafka does. */
  private int batchLimit(TopicState topic) {
    double estimate =
        settings.batchBytes() / Math.max(0.02, topic.ratio * COMPRESSION_ESTIMATE_FACTOR);
    return (int) Math.max(1024, Math.min(estimate, settings.maxRequestBytes() - 4096));
  }

  @Override
  public void poll() {
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

  @Override
  public void flush() {
    for (int i = openBatches.size() - 1; i >= 0; i--) {
      seal(openBatches.get(i));
    }
  }

  private void seal(RecordBatch batch) {
    batch.partition.open = null;
    int at = openBatches.lastIndexOf(batch);
    openBatches.set(at, openBatches.get(openBatches.size() - 1));
    openBatches.remove(openBatches.size() - 1);
    sealedBatches.add(batch);
    LockSupport.unpark(thread);
  }

  @Override
  public void close(Duration timeout) {
    closeDeadlineNanos = System.nanoTime() + timeout.toNanos();
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(Math.max(1, timeout.toMillis() + 1000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      for (BrokerConnection connection : connections.values()) {
        connection.close();
      }
      if (metadataConnection != null) {
        metadataConnection.close();
      }
    }
  }

  /** Batches sent more than once (after a retriable failure). */
  long batchesResent() {
    return batchesResent.get();
  }

  /** Cuts every broker connection, as a network failure would (for tests). */
  synchronized void dropConnections() {
    for (BrokerConnection connection : connections.values()) {
      connection.close();
    }
  }

  // ---- the producer's thread

  private void run() {
    while (true) {
      RecordBatch sealed;
      while ((sealed = sealedBatches.poll()) != null) {
        double ratio = sealed.seal(settings.compression());
        sealed.partition.topic.ratio = ratio;
        sealed.partition.lastBatchBytes = sealed.uncompressedBytes();
        synchronized (this) {
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
      if (sealedBatches.isEmpty()) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
    }
  }

  private synchronized boolean idle() {
    if (!sealedBatches.isEmpty()) {
      return false;
    }
    for (TopicState topic : topics.values()) {
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

  /** Refreshes the metadata and the producer id when due. */
  private void maintain() {
    long now = System.nanoTime();
    boolean due =
        metadataWanted
            || now - metadataRefreshedNanos
                >= TimeUnit.MILLISECONDS.toNanos(settings.metadataMaxAgeMs());
    if (due && now >= metadataRetryAtNanos && !topics.isEmpty()) {
      refreshMetadata();
    }
    boolean drained;
    synchronized (this) {
      drained = producerIdStale && inflightCount() == 0;
    }
    if (drained && now >= producerIdRetryAtNanos) {
      initProducerId();
    }
  }

  private int inflightCount() {
    int count = 0;
    for (TopicState topic : topics.values()) {
      for (PartitionState partition : topic.partitions) {
        count += partition.inflight.size();
      }
    }
    return count;
  }

  /** Any broker: the metadata connection, opened to the bootstrap servers or known brokers. */
  private BrokerConnection anyBroker() throws IOException {
    BrokerConnection connection = metadataConnection;
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    List<String> addresses = new ArrayList<>(settings.bootstrapServers());
    synchronized (this) {
      addresses.addAll(brokers.values());
    }
    IOException last = null;
    for (int i = 0; i < addresses.size(); i++) {
      String address = addresses.get((bootstrapNext + i) % addresses.size());
      try {
        connection = connect(-1, address);
        metadataConnection = connection;
        bootstrapNext = (bootstrapNext + i) % addresses.size();
        return connection;
      } catch (IOException e) {
        last = e;
      }
    }
    bootstrapNext++;
    throw last == null ? new IOException("no Kafka broker to connect to") : last;
  }

  private BrokerConnection connect(int nodeId, String address) throws IOException {
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new IOException("not host:port: " + address);
    }
    String host = address.substring(0, colon);
    int port = Integer.parseInt(address.substring(colon + 1));
    BrokerConnection connection =
        BrokerConnection.open(
            nodeId,
            host,
            port,
            settings.clientId(),
            settings.requestTimeoutMs(),
            (int) Math.min(settings.requestTimeoutMs(), 10_000));
    connection.onClose(
        () -> {
          metadataWanted = true;
          LockSupport.unpark(thread);
        });
    return connection;
  }

  /**
   * Why a topic has no metadata, for the exception its senders get; logged once per topic and
   * cause. A topic being created (leader not available yet) is not logged.
   */
  private String topicError(TopicState topic, Errors error) {
    String cause;
    if (error == Errors.UNKNOWN_TOPIC_OR_PARTITION) {
      // asked with auto-creation allowed: the broker would have created it if it could
      cause =
          ("topic %s does not exist and the broker does not create topics"
                  + " (auto.create.topics.enable=false): create it")
              .formatted(topic.name);
    } else {
      cause = "topic %s: %s (%s)".formatted(topic.name, error.message(), error.name());
    }
    if (error != Errors.LEADER_NOT_AVAILABLE && topic.logged != error) {
      topic.logged = error;
      LOG.warn("Cannot send lines to Kafka: {}; retrying until it is there", cause);
    }
    return cause;
  }

  private void refreshMetadata() {
    List<String> names = new ArrayList<>(topics.keySet());
    // as Kafka's producer: a missing topic is created where the broker allows it
    MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(true);
    for (String name : names) {
      request.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(name));
    }
    MetadataResponse response;
    try {
      BrokerConnection connection = anyBroker();
      response =
          (MetadataResponse)
              connection.call(new MetadataRequest.Builder(request), settings.requestTimeoutMs());
    } catch (IOException | RuntimeException e) {
      metadataFailures++;
      metadataRetryAtNanos = System.nanoTime() + backoffNanos(metadataFailures);
      if (metadataFailures == 1 || metadataFailures % 50 == 0) {
        LOG.warn(
            "Cannot fetch Kafka metadata from {} ({} tries): {}; retrying",
            settings.bootstrapServers(),
            metadataFailures,
            e.toString());
      }
      return;
    }
    if (metadataFailures > 0) {
      LOG.info("Kafka metadata fetched again after {} failed tries", metadataFailures);
    }
    metadataFailures = 0;
    metadataWanted = false;
    metadataRefreshedNanos = System.nanoTime();
    synchronized (this) {
      for (MetadataResponseData.MetadataResponseBroker broker : response.data().brokers()) {
        brokers.put(broker.nodeId(), broker.host() + ":" + broker.port());
      }
      for (MetadataResponseData.MetadataResponseTopic found : response.data().topics()) {
        TopicState topic = topics.get(found.name());
        if (topic == null) {
          continue;
        }
        Errors error = Errors.forCode(found.errorCode());
        if (error != Errors.NONE) {
          topic.error = topicError(topic, error);
          metadataWanted = true;
          metadataRetryAtNanos = System.nanoTime() + backoffNanos(1);
          continue;
        }
        if (topic.logged != null) {
          LOG.info("Kafka topic {} is there now: sending to it", topic.name);
          topic.logged = null;
        }
        topic.error = "";
        topic.id = found.topicId() == null ? Uuid.ZERO_UUID : found.topicId();
        PartitionState[] current = topic.partitions;
        int count = found.partitions().size();
        PartitionState[] next = current;
        if (count > current.length) {
          next = Arrays.copyOf(current, count);
          for (int i = current.length; i < count; i++) {
            next[i] = new PartitionState(topic, i);
          }
        }
        for (MetadataResponseData.MetadataResponsePartition partition : found.partitions()) {
          int index = partition.partitionIndex();
          if (index < next.length) {
            next[index].leader =
                Errors.forCode(partition.errorCode()) == Errors.NONE ? partition.leaderId() : -1;
            if (next[index].leader < 0) {
              metadataWanted = true;
              metadataRetryAtNanos = System.nanoTime() + backoffNanos(1);
            }
          }
        }
        topic.partitions = next;
      }
    }
  }

  private void initProducerId() {
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
              anyBroker()
                  .call(new InitProducerIdRequest.Builder(request), settings.requestTimeoutMs());
      error = Errors.forCode(response.data().errorCode());
    } catch (IOException | RuntimeException e) {
      error = Errors.NETWORK_EXCEPTION;
      LOG.debug("InitProducerId failed: {}", e.toString());
    }
    if (error != Errors.NONE) {
      producerIdRetryAtNanos = System.nanoTime() + backoffNanos(2);
      if (error != Errors.NETWORK_EXCEPTION) {
        LOG.warn("Kafka refused a producer id: {}; retrying", error);
      }
      return;
    }
    synchronized (this) {
      producerId = response.data().producerId();
      producerEpoch = response.data().producerEpoch();
      generation++;
      producerIdStale = false;
    }
    metrics.counter(
        "agent_kafka_producer_ids_total",
        "Producer ids fetched (InitProducerId): 1 at start, one more each time Kafka lost it.",
        "",
        1);
    LOG.info(
        "Kafka producer id {} epoch {} (generation {})", producerId, producerEpoch, generation);
  }

  /** Picks the batches to send now, numbering them; sending happens without the lock. */
  private synchronized List<Send> dispatch() {
    List<Send> sends = new ArrayList<>();
    if (producerIdStale) {
      return sends;
    }
    long now = System.nanoTime();
    for (TopicState topic : topics.values()) {
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
          partition.nextSequence = partition.writtenEnd;
          partition.recovering = false;
        }
        if (partition.generation != generation) {
          if (!partition.inflight.isEmpty()) {
            continue;
          }
          partition.generation = generation;
          partition.nextSequence = 0;
          partition.writtenEnd = 0;
        }
        Long throttleEnd = throttledUntil.get(partition.leader);
        if (throttleEnd != null && now < throttleEnd) {
          continue;
        }
        while (!partition.waiting.isEmpty() && partition.inflight.size() < settings.maxInFlight()) {
          BrokerConnection connection = leaderConnection(partition, now);
          if (connection == null) {
            break;
          }
          RecordBatch batch = partition.waiting.poll();
          int sequence = partition.nextSequence;
          if (batch.baseSequence != sequence || batch.generation != generation) {
            batch.stamp(producerId, producerEpoch, sequence);
            batch.generation = generation;
          }
          partition.nextSequence = nextSequence(sequence, batch.count());
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

  /** Kafka's sequence numbers wrap to 0 after Integer.MAX_VALUE. */
  static int nextSequence(int sequence, int count) {
    if (sequence > Integer.MAX_VALUE - count) {
      return count - (Integer.MAX_VALUE - sequence) - 1;
    }
    return sequence + count;
  }

  /** The open connection to the partition's leader, or null (then metadata is wanted). */
  private BrokerConnection leaderConnection(PartitionState partition, long now) {
    int leader = partition.leader;
    String address = brokers.get(leader);
    if (leader < 0 || address == null) {
      metadataWanted = true;
      return null;
    }
    BrokerConnection connection = connections.get(leader);
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    Long retryAt = connectRetryAt.get(leader);
    if (retryAt != null && now < retryAt) {
      return null;
    }
    try {
      connection = connect(leader, address);
      connections.put(leader, connection);
      connectRetryAt.remove(leader);
      return connection;
    } catch (IOException e) {
      connectRetryAt.put(leader, now + backoffNanos(3));
      metadataWanted = true;
      LOG.debug("Cannot connect to Kafka broker {} at {}: {}", leader, address, e.toString());
      return null;
    }
  }

  private void produce(Send send) {
    PartitionState partition = send.partition();
    TopicState topic = partition.topic;
    ProduceRequestData.TopicProduceData topicData = new ProduceRequestData.TopicProduceData();
    topicData
        .partitionData()
        .add(
            new ProduceRequestData.PartitionProduceData()
                .setIndex(partition.index)
                .setRecords(MemoryRecords.readableRecords(send.batch().bytes())));
    ProduceRequestData data =
        new ProduceRequestData()
            .setAcks((short) -1)
            .setTimeoutMs(settings.requestTimeoutMs())
            .setTransactionalId(null);
    data.topicData().add(topicData);
    ProduceRequest.Builder builder = ProduceRequest.builder(data);
    short version;
    try {
      version = send.connection().version(builder);
    } catch (RuntimeException e) {
      completed(partition, send.batch(), null, e);
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
                throttled(node, response.throttleTimeMs());
              }
              completed(partition, send.batch(), response, error, byId);
            });
  }

  private void completed(
      PartitionState partition, RecordBatch batch, AbstractResponse response, Throwable failure) {
    completed(partition, batch, response, failure, false);
  }

  private synchronized void completed(
      PartitionState partition,
      RecordBatch batch,
      AbstractResponse response,
      Throwable failure,
      boolean byId) {
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
          answerFor((ProduceResponse) response, partition, byId);
      if (answer == null) {
        error = Errors.UNKNOWN_SERVER_ERROR;
        message = "no answer for " + partition + " in the produce response";
      } else {
        error = Errors.forCode(answer.errorCode());
        message = answer.errorMessage();
      }
    }
    switch (error) {
      case NONE, DUPLICATE_SEQUENCE_NUMBER -> {
        if (batch.generation == partition.generation) {
          partition.writtenEnd = nextSequence(batch.baseSequence, batch.count());
        }
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
        producerIdStale = true;
        retry(partition, batch, error, message);
      }
      case OUT_OF_ORDER_SEQUENCE_NUMBER -> {
        if (batch.generation == partition.generation
            && batch.baseSequence == partition.writtenEnd
            && partition.retry.isEmpty()) {
          // the first batch the broker has not got, refused: it lost this producer's state
          producerIdStale = true;
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
            metadataWanted = true;
          }
          retry(partition, batch, error, message);
        } else {
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
      }
    }
    LockSupport.unpark(thread);
  }

  /**
   * A broker over its client quota answers at once and says how long it will not read from this
   * client (KIP-219): nothing more is sent to it until then, as Kafka's own client does, so that
   * requests do not queue unread on a muted connection towards the request timeout.
   */
  private synchronized void throttled(int node, int throttleMs) {
    long now = System.nanoTime();
    long end = now + TimeUnit.MILLISECONDS.toNanos(throttleMs);
    throttledUntil.merge(node, end, Math::max);
    metrics.counter(
        THROTTLED_METRIC,
        "Produce answers in which a broker throttled the agent (over a client quota).",
        "",
        1);
    metrics.counter(
        THROTTLE_TIME_METRIC,
        "Milliseconds brokers asked the agent to hold its produce requests (client quotas).",
        "",
        throttleMs);
    if (now - throttleLoggedNanos >= TimeUnit.MINUTES.toNanos(1)) {
      throttleLoggedNanos = now;
      LOG.warn(
          "Kafka broker {} throttles produce requests of client.id {} for {} ms (a client quota);"
              + " the agent sends no more to it until then and reads at the quota's rate",
          node,
          settings.clientId(),
          throttleMs);
    }
  }

  private static ProduceResponseData.PartitionProduceResponse answerFor(
      ProduceResponse response, PartitionState partition, boolean byId) {
    for (ProduceResponseData.TopicProduceResponse topic : response.data().responses()) {
      boolean same =
          byId
              ? partition.topic.id.equals(topic.topicId())
              : partition.topic.name.equals(topic.name());
      if (!same) {
        continue;
      }
      for (ProduceResponseData.PartitionProduceResponse answer : topic.partitionResponses()) {
        if (answer.index() == partition.index) {
          return answer;
        }
      }
    }
    return null;
  }

  private void retry(PartitionState partition, RecordBatch batch, Errors error, String message) {
    partition.retry.add(batch);
    if (!partition.recovering) {
      partition.recovering = true;
      partition.failures++;
      partition.retryAtNanos = System.nanoTime() + backoffNanos(partition.failures);
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

  private long backoffNanos(int failures) {
    long millis = settings.retryBackoffMs() << Math.min(10, Math.max(0, failures - 1));
    return TimeUnit.MILLISECONDS.toNanos(Math.min(settings.retryBackoffMaxMs(), millis));
  }
}
