package io.watershed.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client of the monitor API for tests: one token, JSON in and out. */
final class MonitorClient {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private final URI base;
  private final String token;

  MonitorClient(URI base, String token) {
    this.base = requireNonNull(base, "base is null");
    this.token = token;
  }

  /** The same server with another token (null: none). */
  MonitorClient as(String otherToken) {
    return new MonitorClient(base, otherToken);
  }

  /**
   * One answer.
   *
   * @param status the HTTP status
   * @param body the body as text
   * @param headers the response headers
   */
  record Answer(int status, String body, java.net.http.HttpHeaders headers) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot parse answer as JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  Answer get(String path) {
    return send("GET", path, null, null, Map.of());
  }

  Answer get(String path, Map<String, String> headers) {
    return send("GET", path, null, null, headers);
  }

  Answer post(String path, Object json) {
    return send("POST", path, "application/json", write(json), Map.of());
  }

  Answer put(String path, Object json) {
    return send("PUT", path, "application/json", write(json), Map.of());
  }

  Answer putText(String path, String contentType, String text) {
    return send("PUT", path, contentType, text, Map.of());
  }

  Answer postText(String path, String text) {
    return send("POST", path, "application/json", text, Map.of());
  }

  Answer delete(String path) {
    return send("DELETE", path, null, null, Map.of());
  }

  Answer send(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot send %s %s: %s".formatted(method, path, e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot send %s %s: interrupted".formatted(method, path), e);
    }
  }

  static String write(Object json) {
    if (json instanceof String text) {
      return text;
    }
    try {
      return MAPPER.writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write request as JSON: " + json, e);
    }
  }
}
