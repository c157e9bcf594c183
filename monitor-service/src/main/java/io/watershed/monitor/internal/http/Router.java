package io.watershed.monitor.internal.http;

import io.watershed.monitor.internal.ApiException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Finds the endpoint of a request by method and raw (still URL-encoded) path. */
final class Router {
  private Router() {}

  /** The outcome of routing: a match, a path served only for other methods, or nothing. */
  sealed interface Resolution {}

  /**
   * The request matched an endpoint.
   *
   * @param endpoint the endpoint
   * @param pathVariables its path variables, decoded, by name
   */
  record Match(Endpoint endpoint, Map<String, String> pathVariables) implements Resolution {}

  /**
   * The path exists, but not for this method.
   *
   * @param allowed the methods the path is served for
   */
  record WrongMethod(Set<String> allowed) implements Resolution {}

  /** No endpoint has this path. */
  record NoRoute() implements Resolution {}

  static Resolution resolve(String method, String rawPath) {
    String[] segments =
        rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : rawPath.split("/", -1);
    Set<String> allowed = new TreeSet<>();
    for (Endpoint endpoint : Endpoint.values()) {
      Map<String, String> variables = match(endpoint.segments(), segments);
      if (variables == null) {
        continue;
      }
      if (endpoint.method().equals(method)) {
        return new Match(endpoint, Map.copyOf(variables));
      }
      allowed.add(endpoint.method());
    }
    return allowed.isEmpty() ? new NoRoute() : new WrongMethod(allowed);
  }

  /** The path variables if the segments fit the template, else null. */
  private static Map<String, String> match(List<String> template, String[] segments) {
    if (template.size() != segments.length) {
      return null;
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < segments.length; i++) {
      String expected = template.get(i);
      if (expected.startsWith("{") && expected.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        variables.put(expected.substring(1, expected.length() - 1), decode(segments[i]));
      } else if (!expected.equals(segments[i])) {
        return null;
      }
    }
    return variables;
  }

  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("Cannot decode path segment %s: %s", segment, e.getMessage());
    }
  }
}
