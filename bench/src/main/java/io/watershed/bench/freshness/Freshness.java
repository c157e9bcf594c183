package io.watershed.bench.freshness;

import static java.util.Objects.requireNonNull;

import io.watershed.bench.traffic.GeneratedRecord;
import io.watershed.bench.traffic.TrafficSender;
import io.watershed.bench.traffic.UbcTraffic;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Freshness of the minute-level metrics on a running stack: generated traffic is posted to the
 * intake in real time (each record once the clock reaches its report time, about 100 records/s: the
 * generator advances 10 ms a record), while Trino is polled for {@code ubc.metrics_1m}; an event's
 * freshness is the time from posting it to the first poll that shows its window. Events of the
 * first {@code measure} are counted; traffic goes on for {@code tail} more so that their windows
 * close.
 */
public final class Freshness {
  private final String intakeUri;
  private final String trinoJdbcUrl;

  public Freshness(String intakeUri, String trinoJdbcUrl) {
    this.intakeUri = requireNonNull(intakeUri, "intakeUri is null");
    this.trinoJdbcUrl = requireNonNull(trinoJdbcUrl, "trinoJdbcUrl is null");
  }

  /** The freshness percentiles in seconds, and how many events they are over. */
  public record Result(long events, double p50, double p95, double max) {}

  public Result run(Duration measure, Duration tail, PrintWriter out) throws Exception {
    long start = System.currentTimeMillis();
    double rate = 100;
    long count = (long) (rate * (measure.plus(tail).toSeconds()));
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Map<String, Long> windowOf = new ConcurrentHashMap<>();
    Iterable<GeneratedRecord> traffic =
        timed(
            new UbcTraffic(new UbcTraffic.Options(start, count, 0, start, 2000)),
            start + measure.toMillis(),
            sentAt,
            windowOf);
    Map<Long, Long> firstSeen = new ConcurrentHashMap<>();
    ExecutorService sender = Executors.newSingleThreadExecutor();
    Future<TrafficSender.Summary> sending =
        sender.submit(
            () ->
                new TrafficSender(intakeUri, "demo", 10, 0)
                    .send(traffic, new PrintStream(PrintStream.nullOutputStream())));
    out.printf(
        "posting %d records at %.0f/s for %s, measuring the first %s; polling Trino every 2 s%n",
        count, rate, measure.plus(tail), measure);
    long lastMeasuredWindow = (start + measure.toMillis()) / 60_000 * 60_000;
    long deadline = start + measure.plus(tail).plus(Duration.ofMinutes(3)).toMillis();
    long nextReport = System.currentTimeMillis() + 30_000;
    try (Connection trino = DriverManager.getConnection(trinoJdbcUrl, trinoProperties())) {
      while (System.currentTimeMillis() < deadline) {
        for (long window : windows(trino, start - 60_000)) {
          firstSeen.putIfAbsent(window, System.currentTimeMillis());
        }
        if (firstSeen.containsKey(lastMeasuredWindow)) {
          break;
        }
        if (System.currentTimeMillis() > nextReport) {
          out.printf(
              "  %3d s: %d records posted, %d minute windows visible%n",
              (System.currentTimeMillis() - start) / 1000, sentAt.size(), firstSeen.size());
          nextReport += 30_000;
        }
        Thread.sleep(2000);
      }
    } finally {
      sending.cancel(true);
      sender.shutdownNow();
    }
    List<Double> seconds = new ArrayList<>();
    sentAt.forEach(
        (id, sent) -> {
          Long seen = firstSeen.get(windowOf.get(id));
          if (seen != null) {
            seconds.add((seen - sent) / 1000.0);
          }
        });
    if (seconds.isEmpty()) {
      throw new IllegalStateException(
          "Cannot measure freshness: no window of the measured events became visible");
    }
    seconds.sort(null);
    return new Result(
        seconds.size(),
        seconds.get(seconds.size() / 2),
        seconds.get((int) Math.min(seconds.size() - 1, Math.round(seconds.size() * 0.95))),
        seconds.get(seconds.size() - 1));
  }

  /** The records, each one's send time and window noted as it is taken (until {@code until}). */
  private static Iterable<GeneratedRecord> timed(
      Iterable<GeneratedRecord> records,
      long until,
      Map<String, Long> sentAt,
      Map<String, Long> windowOf) {
    return () -> {
      Iterator<GeneratedRecord> inner = records.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return inner.hasNext();
        }

        @Override
        public GeneratedRecord next() {
          GeneratedRecord record = inner.next();
          long wait = record.rts() - System.currentTimeMillis();
          if (wait > 0) {
            try {
              Thread.sleep(wait);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException("freshness traffic stopped", e);
            }
          }
          long now = System.currentTimeMillis();
          // Client retries arrive behind the watermark and go to ubc.late: not in a window.
          if (now < until && now - record.rts() < 20_000) {
            sentAt.put(record.eventId(), now);
            windowOf.put(record.eventId(), record.rts() / 60_000 * 60_000);
          }
          return record;
        }
      };
    };
  }

  private static List<Long> windows(Connection trino, long since) throws SQLException {
    List<Long> windows = new ArrayList<>();
    try (Statement statement = trino.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT DISTINCT to_unixtime(window_start) * 1000 FROM lake.ubc.metrics_1m"
                    + " WHERE window_start >= from_unixtime("
                    + since / 1000
                    + ")")) {
      while (rows.next()) {
        windows.add((long) rows.getDouble(1));
      }
    }
    return windows;
  }

  private static Properties trinoProperties() {
    Properties properties = new Properties();
    properties.setProperty("user", "watershed-bench");
    return properties;
  }

  public static void print(Result result, PrintWriter out) {
    out.printf(
        "freshness over %d events (post -> window visible in Trino): p50 %.1f s, p95 %.1f s,"
            + " max %.1f s (target p95 <= 90 s: %s)%n",
        result.events(),
        result.p50(),
        result.p95(),
        result.max(),
        result.p95() <= 90 ? "PASS" : "MISS");
  }
}
