package io.watershed.infra;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The stack's monitor API as the stack ITs call it: the admin token, JSON in and out. */
final class MonitorCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private MonitorCalls() {}

  /** GETs {@code path}, asserts the status, and reads the JSON answer. */
  static JsonNode get(LocalStack stack, String path, int status) throws Exception {
    HttpResponse<String> response = send(stack, "GET", path, null);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
    return JSON.readTree(response.body());
  }

  /** Sends {@code body} (JSON, or none) to {@code path} as the stack's admin. */
  static HttpResponse<String> send(LocalStack stack, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(stack.config().monitorUri() + path))
            .header("Authorization", "Bearer " + MonitorComponent.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(60));
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, UTF_8));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(UTF_8));
  }
}
