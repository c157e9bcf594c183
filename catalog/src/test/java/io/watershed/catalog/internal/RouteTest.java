package io.watershed.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.http.RouteTable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.rest.Endpoint;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static final Route.Handler NONE = request -> null;
  private static final List<Route> ROUTES =
      List.of(
          new Route("list_namespaces", Endpoint.V1_LIST_NAMESPACES, NONE),
          new Route("create_namespace", Endpoint.V1_CREATE_NAMESPACE, NONE),
          new Route("load_table", Endpoint.V1_LOAD_TABLE, NONE),
          new Route("table_exists", Endpoint.V1_TABLE_EXISTS, NONE),
          new Route("rename_table", Endpoint.V1_RENAME_TABLE, NONE));
  private final RouteTable<Route> router = Route.table(ROUTES);

  @Test
  void matchesTemplatesWithoutThePrefix() {
    assertThat(router.resolve("GET", "/v1/namespaces/a%1Fb/tables/c%2Fd"))
        .isEqualTo(
            new RouteTable.Match<>(ROUTES.get(2), Map.of("namespace", "a%1Fb", "table", "c%2Fd")));
    assertThat(router.resolve("HEAD", "/v1/namespaces/a/tables/c"))
        .isEqualTo(new RouteTable.Match<>(ROUTES.get(3), Map.of("namespace", "a", "table", "c")));
    assertThat(router.resolve("POST", "/v1/tables/rename"))
        .isEqualTo(new RouteTable.Match<>(ROUTES.get(4), Map.of()));
  }

  @Test
  void tellsWrongMethodsFromUnknownPaths() {
    assertThat(router.resolve("DELETE", "/v1/namespaces"))
        .isEqualTo(new RouteTable.WrongMethod<>(Set.of("GET", "POST")));
    assertThat(router.resolve("GET", "/v1/namespaces/a/tables"))
        .isEqualTo(new RouteTable.NoRoute<>());
    assertThat(router.resolve("GET", "/v1/namespaces//tables/c"))
        .isEqualTo(new RouteTable.NoRoute<>());
    assertThat(router.resolve("GET", "/v1/namespaces/a/tables/c/"))
        .isEqualTo(new RouteTable.NoRoute<>());
    assertThat(router.resolve("GET", "/v1/prefix/namespaces"))
        .isEqualTo(new RouteTable.NoRoute<>());
  }

  @Test
  void everyRestRouteHasItsOwnEndpoint() {
    List<Route> routes =
        RestRoutes.over(
            new org.apache.iceberg.inmemory.InMemoryCatalog(),
            "file:///warehouse",
            new org.apache.iceberg.inmemory.InMemoryFileIO());

    assertThat(routes).extracting(Route::endpoint).doesNotHaveDuplicates();
    assertThat(routes).extracting(Route::name).doesNotHaveDuplicates();
    assertThat(routes).extracting(Route::endpoint).doesNotContain(Endpoint.V1_COMMIT_TRANSACTION);
  }
}
