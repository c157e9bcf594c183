package io.watershed.collector;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.cli.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectorMainTest {
  @TempDir Path directory;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void validateAcceptsAGoodConfig() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("ok.properties"), "intake.http-port=9000\nintake.app-keys=demo\n");

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("is valid").contains("httpPort=9000").contains("apps=[demo]");
  }

  @Test
  void validatePrintsNumberedErrors() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("bad.properties"), "intake.http-port=x\nintake.io-threads=0\n");

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("2 error(s)")
        .contains("  1. Cannot use intake.http-port=x: must be an integer")
        .contains("  2. Cannot use intake.io-threads=0: must be between 1 and 64");
  }

  @Test
  void validateListsEveryAgentAndIntakeErrorOfAYamlFile() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("agent.yaml"),
            """
            intake:
              http-port: x
            agent:
              read-buffer-bytes: 1
              heartbeat-url: http://127.0.0.1:8070
              sources:
                - name: app
                  paths: [logs/*.log]
                - name: web
                  paths: [/var/log/web/*.log]
                  topics: ws.raw.web
            """);

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("5 error(s)")
        .contains("Cannot use intake.http-port=x: must be an integer")
        .contains("Cannot use agent.read-buffer-bytes=1: must be between 1KiB and 16MiB")
        .contains("Cannot use agent.sources.app.paths=logs/*.log: 'logs/*.log' is not an absolute")
        .contains("Cannot use agent.sources.web.topics=ws.raw.web: not a key of a source")
        .contains("Cannot use agent.heartbeat-url=http://127.0.0.1:8070: agent.heartbeat-token is")
        .contains("  5. ");
  }

  @Test
  void validateListsEveryBadProcessingSettingWithItsKeyPath() throws Exception {
    Path config =
        Files.writeString(
            directory.resolve("processing.yaml"),
            """
            intake:
              enabled: false
            agent:
              sources:
                - name: app
                  paths: [/srv/app/*.log]
                  multiline:
                    start: '^(\\d{4}'
                    max-bytes: 1
                  filter:
                    include: '[a-'
                  sample:
                    rate: 1.5
                  rate-limit: fast
                  transforms:
                    - type: nginx
                    - type: rename_fields
                      fields: [nocolon]
                    - type: upper_case
            """);

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("7 error(s)")
        .contains(
            "Cannot use agent.sources.app.multiline.start=^(\\d{4}: '^(\\d{4}' is not a regex:"
                + " Unclosed group near index 7")
        .contains("Cannot use agent.sources.app.multiline.max-bytes=1: must be between 64 and")
        .contains("Cannot use agent.sources.app.filter.include=[a-: '[a-' is not a regex:")
        .contains("Cannot use agent.sources.app.sample.rate=1.5: must be a number, 0 < rate <= 1")
        .contains("Cannot use agent.sources.app.rate-limit=fast: must be an integer")
        .contains(
            "Cannot use agent.sources.app.transforms.rename_fields.fields=nocolon: 'nocolon' is"
                + " not old:new")
        .contains(
            "Cannot use agent.sources.app.transforms.upper_case.type=upper_case: 'upper_case' is"
                + " not a transform type")
        .contains("  7. ");
  }

  @Test
  void validateWarnsOfProducerSettingsTheBatchEngineDoesNotUse() throws Exception {
    String agent =
        "intake.enabled=false\nagent.bootstrap-servers=127.0.0.1:9092\n"
            + "agent.sources=app\nagent.sources.app.paths=/srv/app/*.log\n"
            + "kafka.linger.ms=50\nkafka.buffer.memory=16777216\nkafka.partitioner.class="
            + "org.apache.kafka.clients.producer.RoundRobinPartitioner\n";
    Path batch = Files.writeString(directory.resolve("batch.properties"), agent);
    Path client =
        Files.writeString(
            directory.resolve("client.properties"), agent + "agent.kafka-engine=client\n");

    assertThat(run("validate", batch.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out))
        .contains("is valid")
        .contains(
            "warning: kafka.buffer.memory has no effect on the file agent: agent.kafka-engine=batch"
                + " does not use it; set agent.kafka-engine=client to use it\n")
        .contains("warning: kafka.partitioner.class has no effect on the file agent")
        .doesNotContain("kafka.linger.ms has no effect");
    out.reset();
    assertThat(run("validate", client.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("is valid").doesNotContain("warning:");
  }

  @Test
  void validateWarnsThatAnIntakeWithoutAppKeysRefusesEveryPost() throws Exception {
    Path config =
        Files.writeString(directory.resolve("open.properties"), "intake.http-port=9000\n");

    assertThat(run("validate", config.toString())).isEqualTo(ExitCodes.OK);
    assertThat(text(out))
        .contains("warning: intake.app-keys is empty: every post to the intake will be refused");
  }

  @Test
  void runRefusesABadConfigBeforeOpeningAPort() throws Exception {
    Path config = Files.writeString(directory.resolve("bad.yaml"), "intake:\n  http-port: 70000\n");

    assertThat(run("run", config.toString())).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err)).contains("1. Cannot use intake.http-port=70000");
  }

  @Test
  void keysPrintsTheReference() {
    assertThat(run("keys")).isEqualTo(ExitCodes.OK);
    assertThat(text(out)).contains("`intake.max-inflight-bytes`");
  }

  @Test
  void unknownCommandPrintsUsage() {
    assertThat(run("serve", "x.properties")).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(run()).isEqualTo(ExitCodes.USAGE_OR_CONFIG);
    assertThat(text(err))
        .contains("Unknown command 'serve'")
        .contains("Usage: watershed-collector");
  }

  private int run(String... args) {
    return CollectorMain.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String text(ByteArrayOutputStream stream) {
    return stream.toString(StandardCharsets.UTF_8);
  }
}
