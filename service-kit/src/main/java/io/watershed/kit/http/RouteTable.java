package io.watershed.kit.http;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds a service's route by method and raw path. Routes are path templates such as {@code
 * /v1/namespaces/{namespace}/tables/{table}}; a {@code {name}} segment matches one non-empty raw
 * segment, handed back still URL-encoded (a service decides how its identifiers decode). The last
 * segment may be a rest variable, {@code {name...}}: it matches the rest of the path after the
 * segments before it, slashes included and possibly empty ({@code /ui/{file...}} matches {@code
 * /ui/} with "" and {@code /ui/lib/a.js} with "lib/a.js", not {@code /ui}). A rest variable is
 * handed back raw as well: it may hold empty, {@code .} or {@code ..} segments, so a service that
 * maps it to files must check every segment. The template {@code /} matches the root path only.
 *
 * @param <R> the service's route type
 */
public final class RouteTable<R> {
  private final List<Template<R>> templates;

  private RouteTable(List<Template<R>> templates) {
    this.templates = requireNonNull(templates, "templates is null");
  }

  /**
   * The table of {@code routes}, tried in order.
   *
   * @param method a route's HTTP method, upper case
   * @param pathTemplate a route's path template
   */
  public static <R> RouteTable<R> of(
      List<R> routes, Function<R, String> method, Function<R, String> pathTemplate) {
    return new RouteTable<>(
        routes.stream()
            .map(route -> template(route, method.apply(route), pathTemplate.apply(route)))
            .toList());
  }

  private static <R> Template<R> template(R route, String method, String path) {
    List<String> segments =
        Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    for (int i = 0; i < segments.size() - 1; i++) {
      if (isRest(segments.get(i))) {
        throw new IllegalArgumentException(
            "Cannot route %s %s: a rest variable {name...} must be the last segment"
                .formatted(method, path));
      }
    }
    return new Template<>(route, method, segments);
  }

  private record Template<R>(R route, String method, List<String> segments) {}

  /** The outcome of routing: a match, a path served only for other methods, or nothing. */
  public sealed interface Resolution<R> permits Match, WrongMethod, NoRoute {}

  /**
   * The request matched a route.
   *
   * @param route the route
   * @param pathVariables its path variables, still URL-encoded, by name
   */
  public record Match<R>(R route, Map<String, String> pathVariables) implements Resolution<R> {}

  /**
   * The path exists, but not for this method.
   *
   * @param allowed the methods the path is served for
   */
  public record WrongMethod<R>(Set<String> allowed) implements Resolution<R> {}

  /** No route has this path. */
  public record NoRoute<R>() implements Resolution<R> {}

  public Resolution<R> resolve(String method, String rawPath) {
    String[] segments;
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      segments = new String[0];
    } else {
      segments =
          rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : rawPath.split("/", -1);
    }
    Set<String> allowed = new TreeSet<>();
    for (Template<R> template : templates) {
      Map<String, String> variables = match(template.segments(), segments);
      if (variables == null) {
        continue;
      }
      if (template.method().equalsIgnoreCase(method)) {
        return new Match<>(template.route(), Map.copyOf(variables));
      }
      allowed.add(template.method());
    }
    return allowed.isEmpty() ? new NoRoute<>() : new WrongMethod<>(allowed);
  }

  /** The path variables if the segments fit the template, else null. */
  private static Map<String, String> match(List<String> template, String[] segments) {
    boolean rest = !template.isEmpty() && isRest(template.get(template.size() - 1));
    if (rest ? segments.length < template.size() : template.size() != segments.length) {
      return null;
    }
    Map<String, String> variables = new HashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String expected = template.get(i);
      if (rest && i == template.size() - 1) {
        variables.put(
            expected.substring(1, expected.length() - 4),
            String.join("/", Arrays.asList(segments).subList(i, segments.length)));
      } else if (expected.startsWith("{") && expected.endsWith("}")) {
        if (segments[i].isEmpty()) {
          return null;
        }
        variables.put(expected.substring(1, expected.length() - 1), segments[i]);
      } else if (!expected.equals(segments[i])) {
        return null;
      }
    }
    return variables;
  }

  private static boolean isRest(String segment) {
    return segment.startsWith("{") && segment.endsWith("...}");
  }
}
