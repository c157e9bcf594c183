package io.watershed.jobs;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cluster's REST API, for listing and stopping jobs by their stable names. */
final class FlinkRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final HttpClient http;

  FlinkRest(String address, int port) {
    this.base = "http://" + requireNonNull(address, "address is null") + ":" + port;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  record Job(String id, String name, String state, long startTime) {}

  List<Job> jobs() throws IOException {
    JsonNode root = call("GET", "/jobs/overview", null);
    List<Job> jobs = new ArrayList<>();
    for (JsonNode job : root.path("jobs")) {
      jobs.add(
          new Job(
              job.path("jid").asText(),
              job.path("name").asText(),
              job.path("state").asText(),
              job.path("start-time").asLong()));
    }
    return jobs;
  }

  Optional<Job> running(String name) throws IOException {
    return jobs().stream()
        .filter(job -> job.name().equals(name))
        .filter(job -> !List.of("FINISHED", "CANCELED", "FAILED").contains(job.state()))
        .findFirst();
  }

  /** Stops with a savepoint, so the Iceberg sinks commit what they hold; cancels if that fails. */
  String stop(Job job, Duration timeout) throws IOException {
    try {
      call("POST", "/jobs/" + job.id() + "/stop", "{\"drain\": false}");
      if (awaitTerminal(job.id(), timeout)) {
        return "stopped with a savepoint";
      }
    } catch (IOException e) {
      // no savepoint directory or the savepoint failed: fall through to cancel
    }
    call("PATCH", "/jobs/" + job.id() + "?mode=cancel", null);
    awaitTerminal(job.id(), timeout);
    return "cancelled";
  }

  private boolean awaitTerminal(String id, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String state = call("GET", "/jobs/" + id, null).path("state").asText();
      if (List.of("FINISHED", "CANCELED", "FAILED").contains(state)) {
        return true;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return false;
  }

  private JsonNode call(String method, String path, String body) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() >= 300) {
        throw new IOException(
            "Cannot %s %s%s: HTTP %d %s"
                .formatted(method, base, path, response.statusCode(), response.body()));
      }
      return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Cannot " + method + " " + base + path + ": interrupted", e);
    }
  }
}
