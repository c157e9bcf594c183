package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import io.watershed.bench.traffic.UbcTraffic;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack's Flink SQL Gateway over its REST API and through Flink's SQL client: the lake as
 * catalog {@code lake} in every session, the Watershed UDF jar on HDFS registered with USING JAR
 * and run on the stack's session cluster, init.sql's UDFs with the rules settings they need.
 */
class GatewayIT {
  private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(4);
  private static final String LINE =
      "{\"id\":\"e-0001\",\"ubc\":\"ubc_0001\",\"type\":\"event\",\"ts\":1795000000000,"
          + "\"rts\":1795000003000,\"common\":{\"os\":\"android\",\"osv\":\"14\",\"did\":\"dev-17\","
          + "\"app\":\"shop\",\"appv\":\"9.2.0\",\"net\":\"wifi\"},\"ext\":{\"page\":\"home\",\"pos\":3}}";

  private static LocalStack stack;
  private static GatewayComponent gateway;
  private static long seed;
  private static Set<String> postedIds;

  /** Traffic posted through the intake, waited for in the lake (through Trino). */
  @BeforeAll
  static void postEvents() throws Exception {
    stack = TestStack.shared();
    gateway =
        (GatewayComponent)
            stack.components().stream()
                .filter(component -> component.name().equals("gateway"))
                .findFirst()
                .orElseThrow();
    seed = ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999);
    List<GeneratedRecord> records =
        new UbcTraffic(new UbcTraffic.Options(seed, 200, 0, System.currentTimeMillis(), 50))
            .toList();
    TrafficSender.Summary summary =
        new TrafficSender(stack.config().intakeUri(), "demo", 100, 0)
            .send(records, new PrintStream(PrintStream.nullOutputStream()));
    assertThat(summary.accepted()).isEqualTo(records.size());
    postedIds = records.stream().map(GeneratedRecord::eventId).collect(Collectors.toSet());
    String count = "SELECT count(*) FROM lake.ubc.events WHERE event_id LIKE 'e-" + seed + "-%'";
    try (Connection trino = TrinoQueries.connect(stack)) {
      long deadline = System.nanoTime() + COMMIT_TIMEOUT.toNanos();
      long rows = 0;
      while (rows < records.size() && System.nanoTime() < deadline) {
        rows = Long.parseLong(TrinoQueries.column(trino, count).get(0));
        Thread.sleep(2000);
      }
      assertThat(rows).as(count).isEqualTo(records.size());
    }
  }

  @Test
  void everySessionReadsTheLake() throws Exception {
    try (GatewaySession session = GatewaySession.open(stack)) {
      List<List<JsonNode>> rows =
          session.execute(
              "SELECT * FROM lake.ubc.events WHERE event_id LIKE 'e-" + seed + "-%' LIMIT 10");
      assertThat(rows).hasSize(10);
      // event_id is the table's first column
      assertThat(rows).allSatisfy(row -> assertThat(postedIds).contains(row.get(0).asText()));
    }
  }

  @Test
  void aFunctionFromTheJarOnHdfsRunsOnTheCluster() throws Exception {
    try (GatewaySession session = GatewaySession.open(stack)) {
      session.execute(
          "CREATE TEMPORARY FUNCTION my_parse AS 'io.watershed.udfs.UbcParse' USING JAR '"
              + gateway.udfUri(GatewayComponent.UDF_JAR)
              + "'");
      List<List<JsonNode>> rows =
          session.execute(
              "SELECT p.event_id, p.ubc, p.reason IS NULL FROM (SELECT my_parse('"
                  + LINE.replace("'", "''")
                  + "') AS p)");
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).stream().map(JsonNode::asText))
          .containsExactly("e-0001", "ubc_0001", "true");
    }
  }

  @Test
  void theInitScriptRegistersTheUdfsWithTheirRulesSettings() throws Exception {
    String init = Files.readString(gateway.initSql(), StandardCharsets.UTF_8);
    List<String> statements =
        Arrays.stream(init.split(";\\s*\\n"))
            .map(statement -> statement.lines().filter(l -> !l.startsWith("--")).toList())
            .map(lines -> String.join("\n", lines).strip())
            .filter(statement -> !statement.isEmpty())
            .toList();
    assertThat(statements).hasSize(GatewayComponent.UDFS.size());
    try (GatewaySession session = GatewaySession.open(stack)) {
      for (String statement : statements) {
        session.execute(statement);
      }
      // ubc_dims pulls the monitor's rules in open(): it runs only with the gateway's
      // watershed.rules.* job parameters; the demo rules map d1 from the OS.
      List<List<JsonNode>> rows =
          session.execute(
              "SELECT d.d1, d.rules_version >= 1, p.event_id FROM (SELECT ubc_dims('ubc_0003',"
                  + " MAP['os', 'android', 'net', 'wifi'], MAP['page', 'home']) AS d,"
                  + " ubc_parse('"
                  + LINE.replace("'", "''")
                  + "') AS p)");
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).stream().map(JsonNode::asText))
          .containsExactly("android", "true", "e-0001");
    }
  }

  /** ./watershed sql -f: the SQL client in gateway mode runs a script and prints the rows. */
  @Test
  void theSqlClientRunsAScript() throws Exception {
    Path work = stack.config().varDir().resolve("gateway-it");
    Files.createDirectories(work);
    Path script = work.resolve("select.sql");
    Files.writeString(
        script,
        "SET 'sql-client.execution.result-mode' = 'tableau';\n"
            + "SELECT event_id FROM lake.ubc.events WHERE event_id LIKE 'e-"
            + seed
            + "-%' LIMIT 3;\n");
    Path output = work.resolve("client.out");
    Process client =
        gateway
            .sqlClient(List.of("-f", script.toString()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertThat(client.waitFor(6, TimeUnit.MINUTES)).isTrue();
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    System.out.println("--- ./watershed sql -f " + script + ":\n" + printed);
    assertThat(client.exitValue()).as(printed).isZero();
    List<String> printedIds =
        printed
            .lines()
            .map(line -> line.replace("|", " ").strip())
            .filter(line -> line.matches("\\+I\\s+e-" + seed + "-\\S+"))
            .map(line -> line.split("\\s+")[1])
            .toList();
    assertThat(printedIds).as(printed).hasSize(3);
    assertThat(postedIds).containsAll(printedIds);
  }
}
