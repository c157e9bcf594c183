package io.watershed.bench.traffic;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Posts generated records to the HTTP intake as JSON lines, one request per batch and intake
 * channel, at a target rate; retries a 503 after its Retry-After, a bounded number of times.
 */
public final class TrafficSender {
  private static final int MAX_RETRIES = 10;

  private final String intakeUri;
  private final String appKey;
  private final int batchSize;
  private final double rate;
  private final HttpClient http;

  /**
   * @param rate records per second; 0 or less sends as fast as the intake answers
   */
  public TrafficSender(String intakeUri, String appKey, int batchSize, double rate) {
    this.intakeUri = requireNonNull(intakeUri, "intakeUri is null");
    this.appKey = requireNonNull(appKey, "appKey is null");
    this.batchSize = batchSize;
    this.rate = rate;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** What was sent: per UBC id and log type, valid and invalid, and what the intake accepted. */
  public record Summary(
      long sent,
      long valid,
      long invalid,
      long accepted,
      Map<String, long[]> perUbc,
      double seconds) {
    public void print(PrintStream out) {
      out.printf(
          "sent %d records in %.1f s (%.0f records/s): %d valid, %d invalid; intake accepted %d%n",
          sent, seconds, sent / Math.max(seconds, 1e-9), valid, invalid, accepted);
      out.printf("%-10s %-6s %8s %8s%n", "ubc", "type", "valid", "invalid");
      perUbc.forEach(
          (key, counts) -> {
            String[] parts = key.split("/");
            out.printf("%-10s %-6s %8d %8d%n", parts[0], parts[1], counts[0], counts[1]);
          });
    }
  }

  public Summary send(Iterable<GeneratedRecord> records, PrintStream progress) throws IOException {
    long start = System.nanoTime();
    long nextProgress = start + Duration.ofSeconds(5).toNanos();
    Map<String, List<GeneratedRecord>> batches = new LinkedHashMap<>();
    Map<String, long[]> perUbc = new TreeMap<>();
    long sent = 0;
    long valid = 0;
    long accepted = 0;
    for (GeneratedRecord record : records) {
      perUbc
          .computeIfAbsent(record.ubc() + "/" + record.logType(), key -> new long[2])[
          record.valid() ? 0 : 1]++;
      if (record.valid()) {
        valid++;
      }
      List<GeneratedRecord> batch =
          batches.computeIfAbsent(record.intakeChannel(), key -> new ArrayList<>());
      batch.add(record);
      sent++;
      if (batch.size() >= batchSize) {
        accepted += post(record.intakeChannel(), batch);
        batch.clear();
      }
      pace(start, sent);
      if (System.nanoTime() > nextProgress) {
        progress.printf("  ... %d records sent (%.0f/s)%n", sent, sent / seconds(start));
        nextProgress = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      }
    }
    for (Map.Entry<String, List<GeneratedRecord>> entry : batches.entrySet()) {
      if (!entry.getValue().isEmpty()) {
        accepted += post(entry.getKey(), entry.getValue());
      }
    }
    return new Summary(sent, valid, sent - valid, accepted, perUbc, seconds(start));
  }

  private void pace(long start, long sent) {
    if (rate <= 0) {
      return;
    }
    long due = start + (long) (sent / rate * 1e9);
    long wait = due - System.nanoTime();
    if (wait > 1_000_000) {
      sleep(wait / 1_000_000);
    }
  }

  private long post(String channel, List<GeneratedRecord> batch) throws IOException {
    StringBuilder body = new StringBuilder();
    for (GeneratedRecord record : batch) {
      body.append(record.json()).append('\n');
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(intakeUri + "/v1/ubc/" + channel))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .header("X-Watershed-App-Key", appKey)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    for (int attempt = 0; ; attempt++) {
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Cannot post to " + intakeUri + ": interrupted", e);
      }
      if (response.statusCode() == 202) {
        return batch.size();
      }
      if (response.statusCode() == 503 && attempt < MAX_RETRIES) {
        long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
        sleep(Math.max(100, seconds * 1000));
        continue;
      }
      throw new IOException(
          "Cannot post %d records to %s/v1/ubc/%s: HTTP %d %s"
              .formatted(batch.size(), intakeUri, channel, response.statusCode(), response.body()));
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
