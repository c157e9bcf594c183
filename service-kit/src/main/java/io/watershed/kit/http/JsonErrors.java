package io.watershed.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The kit's JSON error body, {@code {"error": {"code", "status", "message"}}}: the message goes
 * through {@link SafeText#message}, so it never carries SQL, stack traces, storage locations, class
 * names or more than {@value SafeText#MAX_MESSAGE} characters.
 */
public final class JsonErrors {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonErrors() {}

  public static ServiceResponse response(int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", tag(status));
    error.put("status", status);
    error.put("message", SafeText.message(message));
    try {
      return ServiceResponse.json(status, MAPPER.writeValueAsBytes(Map.of("error", error)));
    } catch (JsonProcessingException e) {
      // a map of strings and numbers always serialises; keep an answer anyway
      return new ServiceResponse(
          status,
          "application/json",
          "{\"error\":{\"status\":%d}}".formatted(status).getBytes(StandardCharsets.UTF_8),
          Map.of());
    }
  }

  /** {@code bad_request} for 400, {@code request_header_fields_too_large} for 431. */
  public static String tag(int status) {
    String reason = HttpStatus.getMessage(status);
    return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }
}
