package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import io.watershed.bench.traffic.UbcTraffic;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first end-to-end path over the real stack: generated UBC traffic, invalid records among it,
 * posted over HTTP to the intake, through Kafka and the stack's Flink SQL jobs (ubc_parse) into
 * Iceberg on HDFS, read back through Trino: every record in logs.lines, exactly the valid ones in
 * ubc.events with the right values, exactly the invalid ones in ubc.rejects with their reasons. The
 * run's records are told apart from other tests' by the seed in their event ids.
 */
class UbcPipelineIT {
  private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(4);
  private static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
  }

  @Test
  void postedRecordsLandInTheLakeExactly() throws Exception {
    long seed = ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999);
    List<GeneratedRecord> records =
        new UbcTraffic(new UbcTraffic.Options(seed, 3000, 0.05, System.currentTimeMillis(), 400))
            .toList();
    TrafficSender.Summary summary =
        new TrafficSender(stack.config().intakeUri(), "demo", 250, 0)
            .send(records, new PrintStream(PrintStream.nullOutputStream()));
    assertThat(summary.accepted()).isEqualTo(records.size());
    List<GeneratedRecord> valid = records.stream().filter(GeneratedRecord::valid).toList();
    List<GeneratedRecord> invalid = records.stream().filter(r -> !r.valid()).toList();
    assertThat(invalid).isNotEmpty();

    String idPattern = "e-" + seed + "-%";
    try (Connection trino = TrinoQueries.connect(stack)) {
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.ubc.events WHERE event_id LIKE '" + idPattern + "'",
          valid.size(),
          COMMIT_TIMEOUT);
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.ubc.rejects WHERE payload LIKE '%\"e-" + seed + "-%'",
          invalid.size(),
          COMMIT_TIMEOUT);
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.logs.lines WHERE source = 'ubc' AND line LIKE '%\"e-"
              + seed
              + "-%'",
          records.size(),
          COMMIT_TIMEOUT);

      // Every valid record, field by field.
      Map<String, String> expected =
          valid.stream()
              .collect(
                  Collectors.toMap(
                      GeneratedRecord::eventId,
                      r ->
                          String.join(
                              "|",
                              r.ubc(),
                              r.logType(),
                              r.intakeChannel(),
                              String.valueOf(r.durationMs()),
                              Long.toString(r.ts()),
                              Long.toString(r.rts()))));
      Map<String, String> actual =
          TrinoQueries.rows(
                  trino,
                  "SELECT event_id, ubc, log_type, channel, coalesce(cast(duration_ms AS varchar),"
                      + " 'null'), cast(to_unixtime(event_ts) * 1000 AS bigint),"
                      + " cast(to_unixtime(report_ts) * 1000 AS bigint) FROM lake.ubc.events WHERE"
                      + " event_id LIKE '"
                      + idPattern
                      + "'")
              .stream()
              .map(row -> row.split("\\|", 2))
              .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
      assertThat(actual).isEqualTo(expected);

      // Every invalid record, with its reason and the record as received.
      Map<String, String> expectedReasons =
          invalid.stream()
              .collect(Collectors.toMap(GeneratedRecord::json, GeneratedRecord::invalidKind));
      Map<String, String> actualReasons =
          TrinoQueries.rows(
                  trino,
                  "SELECT split_part(reason, ':', 1), payload FROM lake.ubc.rejects"
                      + " WHERE payload LIKE '%\"e-"
                      + seed
                      + "-%'")
              .stream()
              .map(row -> row.split("\\|", 2))
              .collect(Collectors.toMap(parts -> parts[1], parts -> parts[0]));
      assertThat(actualReasons).isEqualTo(expectedReasons);

      // Provenance from the intake headers, and the data files on HDFS.
      assertThat(
              TrinoQueries.column(
                  trino,
                  "SELECT DISTINCT app || '/' || channel FROM lake.logs.lines WHERE line LIKE"
                      + " '%\"e-"
                      + seed
                      + "-%'"))
          .containsExactlyInAnyOrderElementsOf(
              records.stream().map(r -> "demo/" + r.intakeChannel()).distinct().toList());
      assertThat(TrinoQueries.column(trino, "SELECT file_path FROM lake.ubc.\"events$files\""))
          .isNotEmpty()
          .allSatisfy(path -> assertThat(path).startsWith(stack.config().warehouse() + "/ubc/"));
    }
  }

  @Test
  void theStacksOwnLogFilesAreCollectedByTheAgent() throws Exception {
    try (Connection trino = TrinoQueries.connect(stack)) {
      String paths =
          "SELECT count(DISTINCT path) FROM lake.logs.lines WHERE source = 'stack' AND agent ="
              + " 'stack-agent' AND path IN ('"
              + stack.config().varDir().resolve("kafka/log")
              + "', '"
              + stack.config().varDir().resolve("trino/log")
              + "')";
      TrinoQueries.awaitCount(trino, paths, 2, COMMIT_TIMEOUT);
      // The first line of Kafka's log, read back at offset 0 with the agent's provenance.
      List<String> first =
          TrinoQueries.column(
              trino,
              "SELECT line FROM lake.logs.lines WHERE source = 'stack' AND file_offset = 0 AND path"
                  + " = '"
                  + stack.config().varDir().resolve("kafka/log")
                  + "'");
      assertThat(first)
          .containsExactly(
              java.nio.file.Files.readAllLines(
                      stack.config().varDir().resolve("kafka/log"),
                      java.nio.charset.StandardCharsets.ISO_8859_1)
                  .get(0));
    }
  }
}
