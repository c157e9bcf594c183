package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import io.watershed.kit.http.RouteTable;
import java.util.List;
import org.apache.iceberg.rest.Endpoint;

/**
 * One REST route: the Iceberg {@link Endpoint} it implements and the handler that serves it. The
 * path template comes from the endpoint, less its {@code {prefix}} segment (this service has no
 * prefix), so the endpoints advertised by {@code GET /v1/config} are exactly the routes served.
 *
 * @param name the route's name, its metric label
 * @param endpoint the Iceberg endpoint, method and path template
 * @param handler what serves it
 */
public record Route(String name, Endpoint endpoint, Handler handler) {
  public Route {
    requireNonNull(name, "name is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(handler, "handler is null");
  }

  /** Serves one request; returns the response body, or null for 204 No Content. */
  @FunctionalInterface
  public interface Handler {
    Object handle(RestRequest request);
  }

  /**
   * The path template, less the {@code {prefix}} segment, e.g. {@code /v1/namespaces/{namespace}}.
   */
  public String pathTemplate() {
    return endpoint.path().replace("/{prefix}", "");
  }

  /** The route table over {@code routes}. */
  public static RouteTable<Route> table(List<Route> routes) {
    return RouteTable.of(routes, route -> route.endpoint().httpMethod(), Route::pathTemplate);
  }
}
