package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Finds the route of a request by method and raw (still URL-encoded) path. */
public final class Router {
  private final List<Template> templates;

  private Router(List<Template> templates) {
    this.templates = requireNonNull(templates, "templates is null");
  }

  public static Router of(List<Route> routes) {
    return new Router(routes.stream().map(route -> new Template(route, route.segments())).toList());
  }

  public List<Route> routes() {
    return templates.stream().map(Template::route).toList();
  }

  private record Template(Route route, List<String> segments) {}

  /** The outcome of routing: a match, a path served only for other methods, or nothing. */
  public sealed interface Resolution {}

  /**
   * The request matched a route.
   *
   * @param route the route
   * @param pathVariables its path variables, still URL-encoded, by name
   */
  public record Match(Route route, Map<String, String> pathVariables) implements Resolution {}

  /**
   * The path exists, but not for this method.
   *
   * @param allowed the methods the path is served for
   */
  public record WrongMethod(Set<String> allowed) implements Resolution {}

  /** No route has this path. */
  public record NoRoute() implements Resolution {}

  public Resolution resolve(String method, String rawPath) {
    String[] segments =
        rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : rawPath.split("/", -1);
    Set<String> allowed = new TreeSet<>();
    for (Template template : templates) {
      Route route = template.route();
      Map<String, String> variables = match(template.segments(), segments);
      if (variables == null) {
        continue;
      }
      if (route.endpoint().httpMethod().equalsIgnoreCase(method)) {
        return new Match(route, Map.copyOf(variables));
      }
      allowed.add(route.endpoint().httpMethod());
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
        variables.put(expected.substring(1, expected.length() - 1), segments[i]);
      } else if (!expected.equals(segments[i])) {
        return null;
      }
    }
    return variables;
  }
}
