package io.watershed.kit.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
    parseQueryValues(rawQuery).forEach((name, values) -> result.put(name, values.get(0)));
    return result;
  }

  /**
   * Parses a raw query string keeping every occurrence of a parameter, in order ({@code d1=a&d1=b}
   * gives {@code d1 -> [a, b]}).
   *
   * @throws IllegalArgumentException naming the parameter that does not decode
   */
  public static Map<String, List<String>> parseQueryValues(String rawQuery) {
    Map<String, List<String>> result = new LinkedHashMap<>();
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
      result
          .computeIfAbsent(decode("query parameter", name), key -> new ArrayList<>())
          .add(decode("query parameter", value));
    }
    result.replaceAll((name, values) -> List.copyOf(values));
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
