package io.watershed.udfs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The rules client against a real HTTP server that serves the monitor service's contract. */
class RulesClientTest {
  private static RulesSettings settings(String url, Duration interval, Duration initialTimeout) {
    return new RulesSettings(
        url, RulesServer.TOKEN, interval, initialTimeout, Duration.ofSeconds(5));
  }

  /** Settings that pin one rules version, pulled once (no heartbeat within a test). */
  private static RulesSettings pinned(String url, Duration initialTimeout, long version) {
    return new RulesSettings(
        url,
        RulesServer.TOKEN,
        Duration.ofHours(1),
        initialTimeout,
        Duration.ofSeconds(5),
        version);
  }

  /**
   * Waits for a condition the test has caused; the bound only keeps a broken build from hanging.
   */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Gave up waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void loadsThenAsksSinceItsVersionAndKeepsItOn304() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(41, RuleSets.demo(41, 3));
      RulesClient client =
          new RulesClient(settings(server.url(), Duration.ofHours(1), Duration.ofSeconds(1)));
      client.pull();
      RuleSet first = client.current();
      assertThat(first.version()).isEqualTo(41);
      assertThat(client.awaitFirstRules()).isSameAs(first);

      client.pull();
      assertThat(server.notModified()).isEqualTo(1);
      assertThat(client.current()).isSameAs(first);
      assertThat(client.pullsOk()).isEqualTo(2);
      assertThat(client.pullsFailed()).isZero();

      server.publish(42, RuleSets.demo(42, 6));
      client.pull();
      assertThat(client.current().version()).isEqualTo(42);
      assertThat(client.current().rules("ubc_0006")).isNotNull();
    }
  }

  @Test
  void aPinnedVersionIsPulledOnceAndKeptWhenNewerOnesCome() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.demo(1, 1));
      server.publish(2, RuleSets.demo(2, 2));
      RulesClient client = new RulesClient(pinned(server.url(), Duration.ofSeconds(1), 1));
      client.pull();
      assertThat(client.awaitFirstRules().version()).isEqualTo(1);
      assertThat(client.current().rules("ubc_0002")).isNull();
      int requests = server.requests();
      server.publish(3, RuleSets.demo(3, 3));
      client.pull();
      assertThat(server.requests()).isEqualTo(requests);
      assertThat(client.current().version()).isEqualTo(1);
    }
  }

  @Test
  void aPinnedVersionTheServiceDoesNotKnowFailsTheFirstLoadNamingIt() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.demo(1, 1));
      RulesClient client = new RulesClient(pinned(server.url(), Duration.ofMillis(100), 9));
      client.pull();
      assertThat(client.pullsFailed()).isEqualTo(1);
      assertThatThrownBy(client::awaitFirstRules)
          .hasMessageContaining("/v1/rules?version=9")
          .hasMessageContaining("HTTP 404");
    }
  }

  @Test
  void theHeartbeatPicksUpAChangeWithinOneInterval() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.demo(1, 1));
      RulesSettings settings =
          settings(server.url(), Duration.ofMillis(20), Duration.ofSeconds(30));
      RulesClient client = RulesClient.acquire(settings);
      try {
        assertThat(client.awaitFirstRules().version()).isEqualTo(1);
        server.publish(2, RuleSets.demo(2, 2));
        // A pull that starts after the change sees it: at most one more (in flight) may not.
        long pulls = client.pullsOk();
        await("two more pulls", () -> client.pullsOk() >= pulls + 2);
        assertThat(client.current().version()).isEqualTo(2);
        assertThat(client.current().rules("ubc_0002")).isNotNull();
      } finally {
        client.release();
      }
    }
  }

  @Test
  void whenTheServiceIsDownTheLastRulesStayAndFailuresAreCounted() throws Exception {
    RulesClient client;
    try (RulesServer server = new RulesServer()) {
      server.publish(5, RuleSets.demo(5, 3));
      client = new RulesClient(settings(server.url(), Duration.ofHours(1), Duration.ofSeconds(1)));
      client.pull();
      server.failing(true);
      client.pull();
      assertThat(client.pullsFailed()).isEqualTo(1);
      assertThat(client.current().version()).isEqualTo(5);
    }
    client.pull();
    client.pull();
    assertThat(client.pullsFailed()).isEqualTo(3);
    assertThat(client.pullsOk()).isEqualTo(1);
    assertThat(client.current().version()).isEqualTo(5);
  }

  @Test
  void aRuleSetThatCannotBeAppliedIsAFailedPullAndTheOldOneStays() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.demo(1, 1));
      RulesClient client =
          new RulesClient(settings(server.url(), Duration.ofHours(1), Duration.ofSeconds(1)));
      client.pull();
      server.publish(
          2,
          "{\"version\": 2, \"ubcIds\": [{\"id\": \"ubc_0001\", \"dimensions\":"
              + " [{\"slot\": 1, \"source\": \"common.os\", \"mapping\": \"fuzzy\"}]}]}");
      client.pull();
      assertThat(client.pullsFailed()).isEqualTo(1);
      assertThat(client.current().version()).isEqualTo(1);
    }
  }

  @Test
  void theFirstLoadFailsAfterTheTimeoutNamingTheUrl() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.failing(true);
      RulesSettings settings =
          settings(server.url(), Duration.ofMillis(20), Duration.ofMillis(300));
      RulesClient client = RulesClient.acquire(settings);
      try {
        assertThatThrownBy(client::awaitFirstRules)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(
                "Cannot load the dimension rules from " + server.url() + "/v1/rules")
            .hasMessageContaining("HTTP 503");
        assertThat(client.pullsFailed()).isPositive();
        assertThat(client.current()).isNull();
      } finally {
        client.release();
      }
    }
  }

  @Test
  void aWrongTokenIsAFailedPull() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.demo(1, 1));
      RulesClient client =
          new RulesClient(
              new RulesSettings(
                  server.url(),
                  "wrong",
                  Duration.ofHours(1),
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(5)));
      client.pull();
      assertThat(client.pullsFailed()).isEqualTo(1);
      assertThat(client.current()).isNull();
    }
  }

  @Test
  void oneSharedClientPerUrlStoppedByItsLastUser() throws Exception {
    try (RulesServer server = new RulesServer()) {
      server.publish(1, RuleSets.demo(1, 1));
      int before = RulesClient.sharedCount();
      RulesSettings settings = settings(server.url(), Duration.ofHours(1), Duration.ofSeconds(30));
      RulesClient first = RulesClient.acquire(settings);
      RulesClient second = RulesClient.acquire(settings);
      assertThat(second).isSameAs(first);
      assertThat(RulesClient.sharedCount()).isEqualTo(before + 1);
      first.release();
      assertThat(second.running()).isTrue();
      second.release();
      assertThat(second.running()).isFalse();
      assertThat(RulesClient.sharedCount()).isEqualTo(before);
      RulesClient third = RulesClient.acquire(settings);
      try {
        assertThat(third).isNotSameAs(first);
        assertThat(third.awaitFirstRules().version()).isEqualTo(1);
      } finally {
        third.release();
      }
    }
  }
}
