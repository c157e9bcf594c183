package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jobs backfill} on the shared stack (issue 20): events of a day 20 days back, under a UBC
 * id of this test's own, are posted through the intake (some twice, as a retrying client does), so
 * lake.logs.lines keeps their raw records and ubc.events their events. Part of them is then lost
 * from ubc.events (deleted through Trino); the backfill of that day puts back exactly the events
 * the raw records hold, once each, leaves the next day alone, and a second run changes nothing.
 */
class BackfillIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final int EVENTS = 120;
  private static final int RETRIED = 15;
  private static final int LOST = 40;
  private static final int NEXT_DAY = 10;

  private static LocalStack stack;
  private static JobsComponent jobs;
  private static String run;
  private static Path work;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
    jobs = new JobsComponent(stack.config());
    run = TestStack.unique("backfill");
    work = stack.config().varDir().resolve("it").resolve(run);
  }

  @Test
  void aDayIsReplacedByItsRawRecordsOnceEachAndAgainIdempotently() throws Exception {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(20);
    long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1000;
    long nextDayStart = dayStart + 86_400_000L;
    post(0, EVENTS, dayStart + 3_600_000L);
    // A client that did not see the answer sends a batch again: same ids, same report times.
    post(0, RETRIED, dayStart + 3_600_000L);
    post(EVENTS, NEXT_DAY, nextDayStart + 3_600_000L);

    String ours = "FROM lake.ubc.events WHERE ubc = '" + run + "'";
    String ofTheDay =
        ours
            + " AND report_ts >= from_unixtime(%d) AND report_ts < from_unixtime(%d)"
                .formatted(dayStart / 1000, nextDayStart / 1000);
    String ofTheNextDay =
        ours + " AND report_ts >= from_unixtime(%d)".formatted(nextDayStart / 1000);
    try (Connection trino = TrinoQueries.connect(stack)) {
      TrinoQueries.awaitCount(trino, "SELECT count(*) " + ofTheDay, EVENTS, TIMEOUT);
      TrinoQueries.awaitCount(trino, "SELECT count(*) " + ofTheNextDay, NEXT_DAY, TIMEOUT);
      // Every raw record (copies too) is in logs.lines before the backfill reads it.
      TrinoQueries.awaitCount(
          trino,
          "SELECT count(*) FROM lake.logs.lines WHERE source = 'ubc' AND line LIKE '%\"ubc\":\""
              + run
              + "\"%'",
          EVENTS + RETRIED + NEXT_DAY,
          TIMEOUT);

      try (Statement statement = trino.createStatement()) {
        statement.executeUpdate(
            "DELETE "
                + ofTheDay
                + " AND event_id IN ("
                + String.join(
                    ", ",
                    java.util.stream.IntStream.range(0, LOST)
                        .mapToObj(i -> "'" + run + "-" + i + "'")
                        .toList())
                + ")");
      }
      assertThat(TrinoQueries.column(trino, "SELECT count(*) " + ofTheDay))
          .containsExactly(String.valueOf(EVENTS - LOST));

      String first = backfill(day);
      assertThat(first)
          .containsPattern(day + "\\s+" + (EVENTS - LOST) + "\\s+" + EVENTS)
          .contains("Replaced " + day + " in lake.ubc.events (" + EVENTS + " events)");
      assertThat(TrinoQueries.rows(trino, "SELECT count(*), count(DISTINCT event_id) " + ofTheDay))
          .containsExactly(EVENTS + "|" + EVENTS);
      assertThat(TrinoQueries.column(trino, "SELECT count(*) " + ofTheNextDay))
          .containsExactly(String.valueOf(NEXT_DAY));

      String second = backfill(day);
      assertThat(second)
          .containsPattern(day + "\\s+" + EVENTS + "\\s+" + EVENTS)
          .contains("Replaced " + day);
      assertThat(TrinoQueries.rows(trino, "SELECT count(*), count(DISTINCT event_id) " + ofTheDay))
          .containsExactly(EVENTS + "|" + EVENTS);

      // Today still streams: refused, nothing written.
      assertThatThrownBy(() -> backfill(day, LocalDate.now(ZoneOffset.UTC).plusDays(1)))
          .isInstanceOf(IOException.class);
      assertThat(log()).contains("today", "still takes streaming writes");
    }
  }

  private String backfill(LocalDate day) throws Exception {
    return backfill(day, day.plusDays(1));
  }

  private String backfill(LocalDate from, LocalDate to) throws Exception {
    long before =
        Files.exists(work.resolve("runner.log")) ? Files.size(work.resolve("runner.log")) : 0;
    jobs.run(work, Map.of(), List.of("backfill", "--from", from.toString(), "--to", to.toString()));
    String out = log().substring((int) before);
    System.out.print(out);
    return out;
  }

  private static String log() throws IOException {
    return Files.readString(work.resolve("runner.log"), UTF_8);
  }

  /** Posts events {@code first}..{@code first + count - 1}, a second apart from {@code at}. */
  private void post(int first, int count, long at) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int i = first; i < first + count; i++) {
      long rts = at + i * 1000L;
      body.append(
              "{\"id\":\"%s-%d\",\"ubc\":\"%s\",\"type\":\"event\",\"ts\":%d,\"rts\":%d,\"common\":{\"did\":\"d%d\",\"os\":\"android\"}}"
                  .formatted(run, i, run, rts, rts, i % 7))
          .append('\n');
    }
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.config().intakeUri() + "/v1/ubc/client"))
                .timeout(Duration.ofSeconds(30))
                .header("X-Watershed-App-Key", "demo")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }
}
