package io.watershed.infra;

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
import java.util.Map;

/**
 * One session of the stack's SQL Gateway over its REST API (v1): statements posted, their results
 * fetched page by page until the end. Rows come back as lists of their fields' JSON values.
 */
final class GatewaySession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration STATEMENT_TIMEOUT = Duration.ofMinutes(6);

  private final String base;
  private final String session;

  private GatewaySession(String base, String session) {
    this.base = base;
    this.session = session;
  }

  static GatewaySession open(LocalStack stack) throws IOException {
    String base = stack.config().gatewayUri() + "/v1";
    JsonNode opened = send("POST", base + "/sessions", Map.of("properties", Map.of()));
    return new GatewaySession(base, opened.path("sessionHandle").asText());
  }

  /** Runs one statement to its end and returns its rows. */
  List<List<JsonNode>> execute(String statement) throws IOException, InterruptedException {
    JsonNode submitted =
        send("POST", base + "/sessions/" + session + "/statements", Map.of("statement", statement));
    String next =
        "/v1/sessions/%s/operations/%s/result/0"
            .formatted(session, submitted.path("operationHandle").asText());
    List<List<JsonNode>> rows = new ArrayList<>();
    long deadline = System.nanoTime() + STATEMENT_TIMEOUT.toNanos();
    while (next != null && !next.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("Cannot finish " + statement + " within " + STATEMENT_TIMEOUT);
      }
      JsonNode page = send("GET", base.substring(0, base.length() - 3) + next, null);
      String type = page.path("resultType").asText();
      for (JsonNode row : page.path("results").path("data")) {
        List<JsonNode> fields = new ArrayList<>();
        row.path("fields").forEach(fields::add);
        rows.add(fields);
      }
      if (type.equals("EOS")) {
        break;
      }
      if (type.equals("NOT_READY")) {
        Thread.sleep(500);
      }
      next = page.path("nextResultUri").asText(null);
    }
    return rows;
  }

  /** Column names of a statement's result are not needed by the tests; the session closes. */
  @Override
  public void close() throws IOException {
    send("DELETE", base + "/sessions/" + session, null);
  }

  private static JsonNode send(String method, String uri, Object body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri))
            .timeout(Duration.ofMinutes(2))
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(
            "%s %s answered %d: %s".formatted(method, uri, response.statusCode(), response.body()));
      }
      return JSON.readTree(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
