package io.watershed.kit.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decoding of the URL-encoded parts of a request: query strings and path segments. */
public final class UrlText {
  private UrlText() {}

  /**
   * Parses a raw query string; the first occurrence of a parameter wins.
   *
   * @throws IllegalArgumentException naming the parameter that does not decode
   */
  public static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> result = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return result;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      result.putIfAbsent(decode("query parameter", name), decode("query parameter", value));
    }
    return result;
  }

  /**
   * Decodes one path segment; {@code +} stays a plus sign.
   *
   * @throws IllegalArgumentException naming the segment that does not decode
   */
  public static String decodeSegment(String segment) {
    return decode("path segment", segment.replace("+", "%2B"));
  }

  private static String decode(String what, String value) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Cannot decode %s %s: %s".formatted(what, SafeText.clip(value), e.getMessage()), e);
    }
  }
}
