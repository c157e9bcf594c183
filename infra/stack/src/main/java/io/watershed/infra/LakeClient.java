package io.watershed.infra;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's lake routes ({@code /v1/watershed/lake/...}) with the stack's catalog token: the
 * health of the lake tables and upkeep rounds run now. Failures read "Cannot ...: reason" with what
 * the catalog answered, never a stack trace.
 */
final class LakeClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofSeconds(2);

  private final String catalogUri;
  private final String token;
  private final HttpClient http;

  LakeClient(String catalogUri, String token) {
    this.catalogUri = requireNonNull(catalogUri, "catalogUri is null");
    this.token = requireNonNull(token, "token is null");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  static LakeClient of(StackConfig config) {
    return new LakeClient(config.catalogUri(), CatalogComponent.token(config));
  }

  /** The health of one lake table ({@code ns.name}) or all: one JSON object per table. */
  List<JsonNode> health(Optional<String> table) throws IOException, InterruptedException {
    JsonNode answer =
        send("read the lake's health", "GET", "/v1/watershed/lake/health" + query(table, null));
    List<JsonNode> tables = new ArrayList<>();
    answer.path("tables").forEach(tables::add);
    return tables;
  }

  /**
   * Runs an upkeep round over one lake table or all, waiting up to {@code timeout} for it to
   * finish; the finished round (its {@code tables}, each with its {@code steps}).
   */
  JsonNode upkeep(Optional<String> table, Optional<String> snapshotRetention, Duration timeout)
      throws IOException, InterruptedException {
    JsonNode queued =
        send(
            "start an upkeep round",
            "POST",
            "/v1/watershed/lake/upkeep" + query(table, snapshotRetention.orElse(null)));
    String id = queued.path("id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode round = queued;
    while (!round.path("status").asText().equals("finished")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Cannot wait for upkeep round %s: still %s after %d s; the catalog's log follows it"
                .formatted(id, round.path("status").asText(), timeout.toSeconds()));
      }
      Thread.sleep(POLL.toMillis());
      round = send("follow upkeep round " + id, "GET", "/v1/watershed/lake/upkeep/" + id);
    }
    return round;
  }

  private static String query(Optional<String> table, String snapshotRetention) {
    List<String> parameters = new ArrayList<>();
    table.ifPresent(t -> parameters.add("table=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
    if (snapshotRetention != null) {
      parameters.add(
          "snapshot-retention=" + URLEncoder.encode(snapshotRetention, StandardCharsets.UTF_8));
    }
    return parameters.isEmpty() ? "" : "?" + String.join("&", parameters);
  }

  private JsonNode send(String action, String method, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(catalogUri + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot %s: the catalog does not answer at %s; run ./watershed up"
              .formatted(action, catalogUri),
          e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot %s: the catalog answered %d without JSON"
              .formatted(action, response.statusCode()),
          e);
    }
    if (response.statusCode() != 200) {
      String message = body.path("error").path("message").asText("no message");
      throw new IllegalStateException(
          "Cannot %s: the catalog answered %d: %s"
              .formatted(action, response.statusCode(), message));
    }
    return body;
  }
}
