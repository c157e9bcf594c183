package io.watershed.collector.intake.internal;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/** Whether Kafka's cluster metadata can be fetched now: what {@code /health} reports. */
final class KafkaHealth implements AutoCloseable {
  private final Admin admin;
  private final Duration timeout;

  KafkaHealth(Admin admin, Duration timeout) {
    this.admin = requireNonNull(admin, "admin is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  /** The broker count; throws {@link IntakeException} when Kafka cannot be reached in time. */
  int check() throws IntakeException {
    try {
      Collection<Node> nodes =
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
              .nodes()
              .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
      if (nodes.isEmpty()) {
        throw unavailable("no broker in the cluster metadata", null);
      }
      return nodes.size();
    } catch (ExecutionException e) {
      throw unavailable(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw unavailable("no answer within intake.health-timeout", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("interrupted", e);
    }
  }

  private IntakeException unavailable(String reason, Throwable cause) {
    String message =
        "Cannot fetch Kafka cluster metadata within %d ms: %s"
            .formatted(timeout.toMillis(), reason);
    return cause == null
        ? new IntakeException(
            io.watershed.collector.internal.CollectorErrorCode.KAFKA_UNAVAILABLE, message)
        : new IntakeException(
            io.watershed.collector.internal.CollectorErrorCode.KAFKA_UNAVAILABLE, message, cause);
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
