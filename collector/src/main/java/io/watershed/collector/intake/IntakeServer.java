package io.watershed.collector.intake;

import static java.util.Objects.requireNonNull;

import io.watershed.collector.intake.internal.HttpIntake;
import io.watershed.collector.internal.Metrics;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The HTTP intake: {@code POST /v1/ubc/{channel}} puts each record of the body into Kafka with
 * provenance headers and answers 202 once Kafka acknowledged all of them; {@code GET /health} and
 * {@code GET /metrics}. See collector/README.md for the contract.
 */
public final class IntakeServer implements AutoCloseable {
  private final HttpIntake intake;

  private IntakeServer(HttpIntake intake) {
    this.intake = requireNonNull(intake, "intake is null");
  }

  /**
   * Starts the intake and binds its port.
   *
   * @param kafka producer settings ({@code kafka.*} entries without the prefix)
   */
  public static IntakeServer start(IntakeConfig config, Map<String, String> kafka) {
    return start(config, kafka, new Metrics());
  }

  public static IntakeServer start(
      IntakeConfig config, Map<String, String> kafka, Metrics metrics) {
    Map<String, Object> producer = config.producerSettings(kafka);
    Map<String, Object> admin = new LinkedHashMap<>();
    producer.forEach(
        (name, value) -> {
          if (AdminClientConfig.configNames().contains(name)) {
            admin.put(name, value);
          }
        });
    admin.put(
        AdminClientConfig.CLIENT_ID_CONFIG,
        producer.get(ProducerConfig.CLIENT_ID_CONFIG) + "-health");
    return new IntakeServer(HttpIntake.start(config, producer, admin, metrics));
  }

  public InetSocketAddress address() {
    return intake.address();
  }

  /** {@code http://host:port}, the address clients post to. */
  public URI uri() {
    InetSocketAddress address = address();
    String host = address.getAddress().getHostAddress();
    return URI.create(
        "http://%s:%d"
            .formatted(
                address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host,
                address.getPort()));
  }

  /** Bytes of request bodies held now: never more than {@code intake.max-inflight-bytes}. */
  public long inflightBytes() {
    return intake.inflightBytes();
  }

  @Override
  public void close() {
    intake.close();
  }
}
