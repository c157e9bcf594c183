package io.watershed.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.testing.SlowClients;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow or silent clients cannot stop the service. Before the control-plane server, the JDK server
 * on 8 threads hung every request behind 8 connections that sent a request line only.
 */
class SlowClientsIT {
  @Test
  void requestLinesWithoutHeadersDoNotStopOtherClientsAndAreClosed(@TempDir Path directory)
      throws Exception {
    try (TestDatabase database = TestDatabase.h2(directory);
        MonitorServer server =
            MonitorServer.start(
                MonitorFixtures.config(
                    database,
                    Map.of("monitor.threads", "8", "monitor.http-header-timeout", "1s")));
        SlowClients slow = SlowClients.requestLinesOnly(server.address(), 16)) {
      MonitorClient anonymous = new MonitorClient(server.uri(), null);
      MonitorClient agent = anonymous.as(MonitorFixtures.AGENT_TOKEN);

      long start = System.nanoTime();
      MonitorClient.Answer health = anonymous.get("/health");
      MonitorClient.Answer live = anonymous.get("/health/live");
      MonitorClient.Answer ready = anonymous.get("/health/ready");
      MonitorClient.Answer rules = agent.get("/v1/rules");

      assertThat(health.status()).isEqualTo(200);
      assertThat(live.status()).isEqualTo(200);
      assertThat(ready.status()).isEqualTo(200);
      assertThat(rules.status()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(slow.allClosedWithin(Duration.ofSeconds(6))).isTrue();
      assertThat(anonymous.get("/metrics").body())
          .contains("watershed_monitor_discarded_events_total{reason=\"header_timeout\"} 16.0");
    }
  }
}
