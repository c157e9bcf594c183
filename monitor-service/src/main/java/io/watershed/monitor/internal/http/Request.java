package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.kit.http.UrlText;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.Json;
import io.watershed.monitor.internal.MonitorErrorCode;
import io.watershed.monitor.internal.auth.Principal;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One request after routing and authentication. */
record Request(
    Endpoint endpoint,
    Principal principal,
    Map<String, String> pathVariables,
    Map<String, String> query,
    Map<String, List<String>> queryValues,
    String contentType,
    String ifNoneMatch,
    byte[] body,
    ObjectMapper mapper) {

  Request {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(pathVariables, "pathVariables is null");
    requireNonNull(query, "query is null");
    requireNonNull(queryValues, "queryValues is null");
    requireNonNull(body, "body is null");
    requireNonNull(mapper, "mapper is null");
  }

  /**
   * Parses a raw query string keeping every occurrence of a parameter, in order. 400 if it does not
   * decode.
   */
  static Map<String, List<String>> parseQuery(String rawQuery) {
    try {
      return UrlText.parseQueryValues(rawQuery);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s", e.getMessage());
    }
  }

  /** The first value of each parameter. */
  static Map<String, String> firstValues(Map<String, List<String>> values) {
    Map<String, String> first = new LinkedHashMap<>();
    values.forEach((name, all) -> first.put(name, all.get(0)));
    return first;
  }

  /**
   * Decodes the route's path variables ({@code +} stays a plus sign). 400 if one does not decode.
   */
  static Map<String, String> decodePath(Map<String, String> raw) {
    Map<String, String> decoded = new LinkedHashMap<>();
    try {
      raw.forEach((name, value) -> decoded.put(name, UrlText.decodeSegment(value)));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("%s", e.getMessage());
    }
    return Map.copyOf(decoded);
  }

  String path(String name) {
    String value = pathVariables.get(name);
    if (value == null) {
      throw new IllegalStateException("Cannot read path variable " + name + ": route has none");
    }
    return value;
  }

  /** A query parameter's first value, or null when absent. */
  String query(String name) {
    return query.get(name);
  }

  /** A whole-number query parameter within [min, max], or {@code fallback} when absent. */
  long queryLong(String name, long fallback, long min, long max) {
    String raw = query.get(name);
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "Cannot read query parameter %s=%s: must be a whole number", name, raw);
    }
    if (value < min || value > max) {
      throw ApiException.badRequest(
          "Cannot read query parameter %s=%s: must be between %d and %d", name, raw, min, max);
    }
    return value;
  }

  /** The body as a JSON object; 400 when it is not one. */
  ObjectNode object() {
    JsonNode node;
    try {
      node = mapper.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new ApiException(
          MonitorErrorCode.VALIDATION_FAILED,
          "Cannot parse request body of %s %s: it nests deeper than %d levels (the limit)"
              .formatted(endpoint.method(), endpoint.path(), Json.MAX_NESTING_DEPTH));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "Cannot parse request body of %s %s as JSON: %s",
          endpoint.method(), endpoint.path(), e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest(
          "Cannot parse request body of %s %s as JSON: %s",
          endpoint.method(), endpoint.path(), e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw ApiException.badRequest(
          "Cannot parse request body of %s %s: it is empty, a JSON object is expected",
          endpoint.method(), endpoint.path());
    }
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest(
          "Cannot parse request body of %s %s: a JSON object is expected, got %s",
          endpoint.method(),
          endpoint.path(),
          node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return object;
  }
}
