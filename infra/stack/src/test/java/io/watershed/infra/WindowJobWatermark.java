package io.watershed.infra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The watermark of the shared stack's window job, from Flink's REST API. A test whose records must
 * be on time waits until it is behind the clock: another test may have left it ahead (generated
 * traffic reports up to minutes ahead; CrashRecoveryIT puts it 90 s ahead on purpose), and then
 * every record with the current report time is, rightly, late.
 */
final class WindowJobWatermark {
  private static final String JOB = "watershed-ubc_windows";
  private static final Pattern JOB_ID =
      Pattern.compile("\"jid\":\"(\\w+)\",\"name\":\"" + JOB + "\"[^}]*?\"state\":\"RUNNING\"");
  private static final Pattern VERTEX_ID = Pattern.compile("\"id\":\"([0-9a-f]{32})\"");
  private static final Pattern WATERMARK = Pattern.compile("\"value\":\"(-?\\d+)\"");

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private WindowJobWatermark() {}

  /** Waits until no operator of the window job has a watermark at or after the clock. */
  static void awaitBehindTheClock(LocalStack stack, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long watermark = Long.MAX_VALUE;
    while (System.nanoTime() < deadline) {
      watermark = highest(stack);
      if (watermark < System.currentTimeMillis() - 1_000) {
        return;
      }
      Thread.sleep(1_000);
    }
    throw new AssertionError(
        "The watermark of %s stayed ahead of the clock: %s"
            .formatted(JOB, Instant.ofEpochMilli(watermark)));
  }

  /** The highest input watermark of any operator of the running window job. */
  static long highest(LocalStack stack) throws Exception {
    Matcher job = JOB_ID.matcher(get(stack, "/jobs/overview"));
    if (!job.find()) {
      throw new AssertionError(JOB + " is not running");
    }
    String jobPath = "/jobs/" + job.group(1);
    Map<String, Long> byVertex = new HashMap<>();
    Matcher vertex = VERTEX_ID.matcher(get(stack, jobPath));
    while (vertex.find()) {
      Matcher values =
          WATERMARK.matcher(get(stack, jobPath + "/vertices/" + vertex.group(1) + "/watermarks"));
      while (values.find()) {
        byVertex.merge(vertex.group(1), Long.parseLong(values.group(1)), Math::max);
      }
    }
    return byVertex.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
  }

  private static String get(LocalStack stack, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(stack.config().flinkRestUri() + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .body();
  }
}
