package io.watershed.catalog;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a catalog server, for what a REST client would not send. */
final class HttpCalls {
  private final HttpClient client;
  private final URI base;

  private HttpCalls(HttpClient client, URI base) {
    this.client = requireNonNull(client, "client is null");
    this.base = requireNonNull(base, "base is null");
  }

  static HttpCalls to(URI base) {
    return new HttpCalls(
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), base);
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(builder(path, headers).GET());
  }

  HttpResponse<String> head(String path, String... headers) {
    return send(builder(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> delete(String path, String... headers) {
    return send(builder(path, headers).DELETE());
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    return send(
        builder(path, headers)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder builder(String path, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    }
  }
}
