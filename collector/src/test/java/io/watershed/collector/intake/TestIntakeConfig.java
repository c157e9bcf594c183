package io.watershed.collector.intake;

import java.time.Duration;
import java.util.Map;

/** Intake settings for tests: a free port, small limits, two apps; change what a test needs. */
final class TestIntakeConfig {
  static final String DEMO_KEY = "demo";
  static final String SHOP_KEY = "shop-key-0123456789";

  String bootstrap;
  String topic;
  int maxBodyBytes = 2 * 1024 * 1024;
  int maxRecordBytes = 100 * 1024;
  int maxRequestRecords = 10_000;
  long maxInflightBytes = 16L * 1024 * 1024;
  Duration sendTimeout = Duration.ofSeconds(10);
  Duration healthTimeout = Duration.ofSeconds(2);
  Duration requestTimeout = Duration.ofSeconds(30);
  // Off: the tests count every record of their topic.
  Duration tickInterval = Duration.ZERO;

  TestIntakeConfig(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  IntakeConfig build() {
    return new IntakeConfig(
        "127.0.0.1",
        0,
        Map.of(DEMO_KEY, "demo", SHOP_KEY, "shop"),
        topic,
        bootstrap,
        maxBodyBytes,
        maxRecordBytes,
        maxRequestRecords,
        maxInflightBytes,
        sendTimeout,
        Duration.ofSeconds(2),
        healthTimeout,
        Duration.ofSeconds(30),
        requestTimeout,
        2,
        4,
        tickInterval);
  }
}
