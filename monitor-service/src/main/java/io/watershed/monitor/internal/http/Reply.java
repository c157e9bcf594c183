package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;

/**
 * What a route answers: a status, a body (an object written as JSON, raw bytes, or nothing) and
 * extra headers.
 *
 * @param status the HTTP status
 * @param json the body to write as JSON, or null
 * @param raw the body as bytes (with {@code contentType}), or null
 * @param contentType the media type of {@code raw}
 * @param headers extra response headers
 */
record Reply(int status, Object json, byte[] raw, String contentType, Map<String, String> headers) {
  Reply {
    headers = Map.copyOf(requireNonNull(headers, "headers is null"));
  }

  static Reply ok(Object json) {
    return new Reply(200, json, null, null, Map.of());
  }

  static Reply created(Object json) {
    return new Reply(201, json, null, null, Map.of());
  }

  static Reply status(int status, Object json) {
    return new Reply(status, json, null, null, Map.of());
  }

  static Reply notModified() {
    return new Reply(304, null, null, null, Map.of());
  }

  static Reply raw(String contentType, byte[] body) {
    return new Reply(200, null, body, contentType, Map.of());
  }

  Reply withHeader(String name, String value) {
    Map<String, String> extended = new HashMap<>(headers);
    extended.put(name, value);
    return new Reply(status, json, raw, contentType, extended);
  }
}
