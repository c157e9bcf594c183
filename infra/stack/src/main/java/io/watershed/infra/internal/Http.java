package io.watershed.infra.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Short health probes over HTTP. */
public final class Http {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {}

  /** The body of a 200 answer, or empty when the server is down or answers otherwise. */
  public static Optional<String> getOk(String uri) {
    return getOk(uri, Optional.empty());
  }

  /** The same, sending {@code Authorization: Bearer <token>}. */
  public static Optional<String> getOk(String uri, Optional<String> bearerToken) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(3)).GET();
      bearerToken.ifPresent(token -> request.header("Authorization", "Bearer " + token));
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
