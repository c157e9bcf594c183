package io.watershed.collector.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The HTTP calls the intake tests make. */
final class HttpCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI base;

  HttpCalls(URI base) {
    this.base = base;
  }

  /** A POST with a known length (Content-Length). */
  HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
    return await(postAsync(path, HttpRequest.BodyPublishers.ofByteArray(body), headers, false));
  }

  /** A POST of unknown length: Transfer-Encoding chunked. */
  HttpResponse<String> postChunked(String path, byte[] body, Map<String, String> headers) {
    return await(
        postAsync(
            path,
            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
            headers,
            false));
  }

  /** A POST that waits for 100 Continue before sending its body. */
  HttpResponse<String> postExpectingContinue(
      String path, byte[] body, Map<String, String> headers) {
    return await(postAsync(path, HttpRequest.BodyPublishers.ofByteArray(body), headers, true));
  }

  CompletableFuture<HttpResponse<String>> postAsync(
      String path,
      HttpRequest.BodyPublisher body,
      Map<String, String> headers,
      boolean expectContinue) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .expectContinue(expectContinue)
            .POST(body);
    headers.forEach(request::header);
    return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) {
    return await(
        client.sendAsync(
            HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString()));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    return await(client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read JSON answer " + response.body(), e);
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException("HTTP call failed: " + e, e);
    }
  }
}
