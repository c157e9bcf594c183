package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/**
 * What a service answers.
 *
 * @param status the HTTP status
 * @param contentType the media type of {@code body}, or null when there is none
 * @param body the body; not sent for HEAD, 204 and 304
 * @param headers extra response headers
 */
public record ServiceResponse(
    int status, String contentType, byte[] body, Map<String, String> headers) {
  public ServiceResponse {
    requireNonNull(body, "body is null");
    headers = Map.copyOf(requireNonNull(headers, "headers is null"));
  }

  public static ServiceResponse json(int status, byte[] body) {
    return new ServiceResponse(status, "application/json", body, Map.of());
  }

  public static ServiceResponse empty(int status) {
    return new ServiceResponse(status, null, new byte[0], Map.of());
  }

  public ServiceResponse withHeader(String name, String value) {
    Map<String, String> extended = new HashMap<>(headers);
    extended.put(name, value);
    return new ServiceResponse(status, contentType, body, extended);
  }
}
