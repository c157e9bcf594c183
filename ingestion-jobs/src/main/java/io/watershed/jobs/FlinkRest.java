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

  /**
   * Stops with a savepoint into {@code savepointDirectory}, so the Iceberg sinks commit what they
   * hold and the next submission resumes from it; cancels if that fails (the retained checkpoint is
   * then the newest state).
   */
  String stop(Job job, String savepointDirectory, Duration timeout) throws IOException {
    try {
      call(
          "POST",
          "/jobs/" + job.id() + "/stop",
          JSON.createObjectNode()
              .put("drain", false)
              .put("targetDirectory", savepointDirectory)
              .toString());
      if (awaitTerminal(job.id(), timeout)) {
        return "stopped with a savepoint";
      }
    } catch (IOException e) {
      // no savepoint directory or the savepoint failed: fall through to cancel
    }
    cancel(job.id(), timeout);
    return "cancelled";
  }

  /**
   * Takes a savepoint into {@code directory} and leaves the job running.
   *
   * @return where the savepoint is
   * @throws IOException when Flink cannot take it (with its reason) or it takes longer than {@code
   *     timeout}
   */
  String savepoint(Job job, String directory, Duration timeout) throws IOException {
    String request =
        call(
                "POST",
                "/jobs/" + job.id() + "/savepoints",
                JSON.createObjectNode()
                    .put("target-directory", directory)
                    .put("cancel-job", false)
                    .toString())
            .path("request-id")
            .asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = call("GET", "/jobs/" + job.id() + "/savepoints/" + request, null);
      if (status.path("status").path("id").asText().equals("COMPLETED")) {
        JsonNode operation = status.path("operation");
        if (operation.has("location")) {
          return operation.path("location").asText();
        }
        String cause = operation.path("failure-cause").path("stack-trace").asText("");
        throw new IOException(
            "Cannot take a savepoint of %s: %s"
                .formatted(job.name(), cause.lines().findFirst().orElse("no reason given")));
      }
      pause();
    }
    throw new IOException(
        "Cannot take a savepoint of %s: not done after %s".formatted(job.name(), timeout));
  }

  /** Cancels the job (its retained checkpoint stays) and waits until it has ended. */
  void cancel(String id, Duration timeout) throws IOException {
    call("PATCH", "/jobs/" + id + "?mode=cancel", null);
    awaitTerminal(id, timeout);
  }

  /** How a submitted job's start went. */
  record Start(boolean running, String failure) {}

  /**
   * Waits until every task of the job runs (then it has restored its state), or the job fails or
   * restarts: a restore that Flink refuses shows as one of those, with its cause.
   */
  Start awaitRunning(String id, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode job = call("GET", "/jobs/" + id, null);
      String state = job.path("state").asText();
      if (List.of("FAILED", "FAILING", "RESTARTING", "CANCELED").contains(state)) {
        return new Start(false, state + ": " + rootCause(id));
      }
      boolean tasksRunning = job.path("vertices").size() > 0;
      for (JsonNode vertex : job.path("vertices")) {
        tasksRunning &= List.of("RUNNING", "FINISHED").contains(vertex.path("status").asText());
      }
      if (state.equals("FINISHED")) {
        // A bounded streaming job that has already read all its input.
        return new Start(true, "");
      }
      if (state.equals("RUNNING") && tasksRunning) {
        String cause = rootCause(id);
        return cause.isEmpty() ? new Start(true, "") : new Start(false, cause);
      }
      pause();
    }
    return new Start(true, "");
  }

  /** The first line of the job's newest failure, empty when it has none. */
  private String rootCause(String id) throws IOException {
    JsonNode history = call("GET", "/jobs/" + id + "/exceptions", null).path("exceptionHistory");
    JsonNode entries = history.path("entries");
    if (entries.isEmpty()) {
      return "";
    }
    String trace =
        entries.get(0).path("stacktrace").asText(entries.get(0).path("exceptionName").asText());
    // The deepest "Caused by" names the reason (an operator with no place in the new plan, a
    // state serializer that cannot read the old state).
    String reason = trace.lines().findFirst().orElse("");
    for (String line : trace.lines().toList()) {
      if (line.startsWith("Caused by: ")) {
        reason = line.substring("Caused by: ".length());
      }
    }
    return reason;
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private boolean awaitTerminal(String id, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String state = call("GET", "/jobs/" + id, null).path("state").asText();
      if (List.of("FINISHED", "CANCELED", "FAILED").contains(state)) {
        return true;
      }
      pause();
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
