package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.MetadataResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch engine's metadata cache: the topics the agent sends to, their partitions and leaders,
 * and the brokers' addresses. Fetched again every {@code metadata.max.age.ms}, and sooner when a
 * topic is new, a leader is missing or moved, or a connection closed.
 *
 * <p>As Kafka's producer, a metadata request allows topic auto-creation: a broker with {@code
 * auto.create.topics.enable=true} creates a missing topic. Where it does not, the cause is logged
 * once per topic and cause ("topic X does not exist and the broker does not create topics"), and
 * once more when the topic is there.
 *
 * <p>The topics map is read by the reading thread; the rest is the producer thread's, and {@link
 * #update} and {@link #address} run under the sender's lock.
 */
final class ProducerMetadata {
  private static final Logger LOG = LoggerFactory.getLogger(ProducerMetadata.class);

  private final BatchSettings settings;
  private final Map<String, TopicState> topics = new ConcurrentHashMap<>();
  private final Map<Integer, String> brokers = new HashMap<>();
  private volatile boolean wanted = true;
  private long refreshedNanos;
  private long retryAtNanos;
  private int failures;

  ProducerMetadata(BatchSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
  }

  /** The topic's state, or null when no record asked for it yet. */
  TopicState topic(String name) {
    return topics.get(name);
  }

  /** The topic's state, added (and metadata wanted) when it is new. */
  TopicState add(String name) {
    TopicState state = topics.computeIfAbsent(name, TopicState::new);
    wanted = true;
    return state;
  }

  Collection<TopicState> topics() {
    return topics.values();
  }

  /** Asks for a refresh at the next step of the producer's thread. */
  void want() {
    wanted = true;
  }

  /** Whether a refresh is due: wanted or old, and not backing off after a failure. */
  boolean due(long now) {
    boolean stale =
        wanted
            || now - refreshedNanos >= TimeUnit.MILLISECONDS.toNanos(settings.metadataMaxAgeMs());
    return stale && now >= retryAtNanos && !topics.isEmpty();
  }

  /** The address of a broker, host:port, or null; under the sender's lock. */
  String address(int node) {
    return brokers.get(node);
  }

  /** The bootstrap servers, then the brokers known; under the sender's lock. */
  List<String> addresses() {
    List<String> addresses = new ArrayList<>(settings.bootstrapServers());
    addresses.addAll(brokers.values());
    return addresses;
  }

  /** A request for every topic, auto-creation allowed as in Kafka's producer. */
  MetadataRequest.Builder request() {
    List<String> names = new ArrayList<>(topics.keySet());
    // as Kafka's producer: a missing topic is created where the broker allows it
    MetadataRequestData request = new MetadataRequestData().setAllowAutoTopicCreation(true);
    for (String name : names) {
      request.topics().add(new MetadataRequestData.MetadataRequestTopic().setName(name));
    }
    return new MetadataRequest.Builder(request);
  }

  /** The request failed: back off, and log the first failure and every 50th. */
  void failed(Exception e) {
    failures++;
    retryAtNanos = System.nanoTime() + settings.backoffNanos(failures);
    if (failures == 1 || failures % 50 == 0) {
      LOG.warn(
          "Cannot fetch Kafka metadata from {} ({} tries): {}; retrying",
          settings.bootstrapServers(),
          failures,
          e.toString());
    }
  }

  /** An answer came: the refresh is done unless {@link #update} finds something missing. */
  void fetched() {
    if (failures > 0) {
      LOG.info("Kafka metadata fetched again after {} failed tries", failures);
    }
    failures = 0;
    wanted = false;
    refreshedNanos = System.nanoTime();
  }

  /** Takes in the brokers, partitions and leaders of an answer; under the sender's lock. */
  void update(MetadataResponse response) {
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
        wantSoon();
        continue;
      }
      if (topic.logged != null) {
        LOG.info("Kafka topic {} is there now: sending to it", topic.name);
        topic.logged = null;
      }
      topic.error = "";
      topic.id = found.topicId() == null ? Uuid.ZERO_UUID : found.topicId();
      topic.partitions = partitions(topic, found);
    }
  }

  private PartitionState[] partitions(
      TopicState topic, MetadataResponseData.MetadataResponseTopic found) {
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
          wantSoon();
        }
      }
    }
    return next;
  }

  private void wantSoon() {
    wanted = true;
    retryAtNanos = System.nanoTime() + settings.backoffNanos(1);
  }

  /**
   * Why a topic has no metadata, for the exception its senders get; logged once per topic and
   * cause. A topic being created (leader not available yet) is not logged.
   */
  private static String topicError(TopicState topic, Errors error) {
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
}
