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
 * segment, handed back still URL-encoded (a service decides how its identifiers decode).
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
            .map(
                route ->
                    new Template<>(
                        route,
                        method.apply(route),
                        Arrays.stream(pathTemplate.apply(route).split("/"))
                            .filter(segment -> !segment.isEmpty())
                            .toList()))
            .toList());
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
    String[] segments =
        rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : rawPath.split("/", -1);
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
        variables.put(expected.substring(1, expected.length() - 1), segments[i]);
      } else if (!expected.equals(segments[i])) {
        return null;
      }
    }
    return variables;
  }
}
