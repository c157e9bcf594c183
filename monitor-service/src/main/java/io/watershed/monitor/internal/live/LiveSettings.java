package io.watershed.monitor.internal.live;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the monitor reads the running minutes from the monitoring queue.
 *
 * @param kafkaBootstrap the Kafka brokers ({@code host:port,...}); empty turns live minutes off
 * @param topic the monitoring queue ({@code ws.monitor}), written by the ubc_monitor job
 * @param maxKeys the (UBC ID, minute, log type, d1..d6) keys held at most; records of new keys are
 *     dropped beyond it
 * @param lookback how far back the queue is read on start, and the oldest a live minute may be
 */
public record LiveSettings(String kafkaBootstrap, String topic, int maxKeys, Duration lookback) {
  public LiveSettings {
    requireNonNull(kafkaBootstrap, "kafkaBootstrap is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(lookback, "lookback is null");
  }

  /** Whether live minutes are on: brokers are configured. */
  public boolean enabled() {
    return !kafkaBootstrap.isEmpty();
  }
}
