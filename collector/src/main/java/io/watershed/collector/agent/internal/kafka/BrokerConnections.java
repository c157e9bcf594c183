package io.watershed.collector.agent.internal.kafka;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.internal.Metrics;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch engine's connections: one to each partition leader, one to any broker for metadata and
 * producer ids, and the brokers' client-quota throttles. The leader connections and throttles are
 * guarded by the sender's lock.
 */
final class BrokerConnections {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerConnections.class);

  static final String THROTTLED_METRIC = "agent_kafka_throttled_responses_total";
  static final String THROTTLE_TIME_METRIC = "agent_kafka_throttle_milliseconds_total";

  private final BatchSettings settings;
  private final ProducerMetadata metadata;
  private final Metrics.Component metrics;
  private final Object lock;
  private final Runnable closed;
  private final Map<Integer, BrokerConnection> leaders = new HashMap<>();
  private final Map<Integer, Long> connectRetryAt = new HashMap<>();
  private final Map<Integer, Long> throttledUntil = new HashMap<>();
  private long throttleLoggedNanos = Long.MIN_VALUE;
  private BrokerConnection metadataConnection;
  private int bootstrapNext;

  /**
   * @param lock the sender's lock
   * @param closed run when a connection closes (metadata is then wanted)
   */
  BrokerConnections(
      BatchSettings settings,
      ProducerMetadata metadata,
      Metrics.Component metrics,
      Object lock,
      Runnable closed) {
    this.settings = requireNonNull(settings, "settings is null");
    this.metadata = requireNonNull(metadata, "metadata is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.lock = requireNonNull(lock, "lock is null");
    this.closed = requireNonNull(closed, "closed is null");
  }

  /** The open connection to the partition's leader, or null (then metadata is wanted). */
  BrokerConnection leader(PartitionState partition, long now) {
    int leader = partition.leader;
    String address = metadata.address(leader);
    if (leader < 0 || address == null) {
      metadata.want();
      return null;
    }
    BrokerConnection connection = leaders.get(leader);
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    Long retryAt = connectRetryAt.get(leader);
    if (retryAt != null && now < retryAt) {
      return null;
    }
    try {
      connection = connect(leader, address);
      leaders.put(leader, connection);
      connectRetryAt.remove(leader);
      return connection;
    } catch (IOException e) {
      connectRetryAt.put(leader, now + settings.backoffNanos(3));
      metadata.want();
      LOG.debug("Cannot connect to Kafka broker {} at {}: {}", leader, address, e.toString());
      return null;
    }
  }

  /** Any broker: the metadata connection, opened to the bootstrap servers or known brokers. */
  BrokerConnection any() throws IOException {
    BrokerConnection connection = metadataConnection;
    if (connection != null && connection.isOpen()) {
      return connection;
    }
    List<String> addresses;
    synchronized (lock) {
      addresses = metadata.addresses();
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

  /** Whether the broker asked for no more requests until later; under the sender's lock. */
  boolean throttled(int node, long now) {
    Long throttleEnd = throttledUntil.get(node);
    return throttleEnd != null && now < throttleEnd;
  }

  /**
   * A broker over its client quota answers at once and says how long it will not read from this
   * client (KIP-219): nothing more is sent to it until then, as Kafka's own client does, so that
   * requests do not queue unread on a muted connection towards the request timeout.
   */
  void throttle(int node, int throttleMs) {
    synchronized (lock) {
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
            "Kafka broker {} throttles produce requests of client.id {} for {} ms (a client"
                + " quota); the agent sends no more to it until then and reads at the quota's rate",
            node,
            settings.clientId(),
            throttleMs);
      }
    }
  }

  /** Cuts every leader connection, as a network failure would (for tests). */
  void dropLeaders() {
    synchronized (lock) {
      for (BrokerConnection connection : leaders.values()) {
        connection.close();
      }
    }
  }

  void closeAll() {
    synchronized (lock) {
      for (BrokerConnection connection : leaders.values()) {
        connection.close();
      }
      if (metadataConnection != null) {
        metadataConnection.close();
      }
    }
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
    connection.onClose(closed);
    return connection;
  }
}
