package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/**
 * up, status, a second up, down and down --purge on a stack of its own (Kafka only, to stay cheap):
 * running components are left alone, data survives a down/up cycle, no process is left behind.
 */
class StackLifecycleIT {
  @Test
  void upStatusDownKeepsDataAndLeavesNoProcess() throws Exception {
    StackConfig config = TestStack.freshConfig("lifecycle");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    LocalStack stack = new LocalStack(config, out);
    Component kafka =
        stack.components().stream().filter(c -> c.name().equals("kafka")).findFirst().orElseThrow();
    try {
      stack.up(Set.of("kafka"));
      assertThat(statusOf(stack, "kafka")).isTrue();
      assertThat(statusOf(stack, "trino")).isFalse();
      long pid = kafka.recordedProcesses().get(0).running().orElseThrow().pid();

      stack.up(Set.of("kafka"));
      assertThat(kafka.recordedProcesses().get(0).running().orElseThrow().pid()).isEqualTo(pid);
      assertThat(output.toString(StandardCharsets.UTF_8)).contains("kafka    already running");

      String topic = TestStack.unique("it_lifecycle");
      try (Admin admin = admin(config)) {
        admin
            .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }

      stack.down(false);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(statusOf(stack, "kafka")).isFalse();
      assertThat(Files.exists(kafka.directory().resolve("broker.pid"))).isFalse();

      stack.up(Set.of("kafka"));
      try (Admin admin = admin(config)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(topic);
      }
    } finally {
      stack.down(true);
    }
    assertThat(Files.exists(config.varDir())).isFalse();
    assertThat(kafka.recordedProcesses().get(0).running()).isEmpty();
  }

  private static boolean statusOf(LocalStack stack, String name) {
    return stack.status().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow()
        .up();
  }

  private static Admin admin(StackConfig config) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            config.kafkaBootstrap(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30000));
  }
}
