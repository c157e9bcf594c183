package io.watershed.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.rest.Endpoint;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final Route.Handler NONE = request -> null;
  private final Router router =
      Router.of(
          List.of(
              new Route("list_namespaces", Endpoint.V1_LIST_NAMESPACES, NONE),
              new Route("create_namespace", Endpoint.V1_CREATE_NAMESPACE, NONE),
              new Route("load_table", Endpoint.V1_LOAD_TABLE, NONE),
              new Route("table_exists", Endpoint.V1_TABLE_EXISTS, NONE),
              new Route("rename_table", Endpoint.V1_RENAME_TABLE, NONE)));

  @Test
  void matchesTemplatesWithoutThePrefix() {
    assertThat(router.resolve("GET", "/v1/namespaces/a%1Fb/tables/c%2Fd"))
        .isEqualTo(
            new Router.Match(
                router.routes().get(2), Map.of("namespace", "a%1Fb", "table", "c%2Fd")));
    assertThat(router.resolve("HEAD", "/v1/namespaces/a/tables/c"))
        .isInstanceOfSatisfying(
            Router.Match.class,
            match -> assertThat(match.route().name()).isEqualTo("table_exists"));
    assertThat(router.resolve("POST", "/v1/tables/rename"))
        .isInstanceOfSatisfying(
            Router.Match.class,
            match -> assertThat(match.route().name()).isEqualTo("rename_table"));
  }

  @Test
  void tellsWrongMethodsFromUnknownPaths() {
    assertThat(router.resolve("DELETE", "/v1/namespaces"))
        .isEqualTo(new Router.WrongMethod(Set.of("GET", "POST")));
    assertThat(router.resolve("GET", "/v1/namespaces/a/tables")).isEqualTo(new Router.NoRoute());
    assertThat(router.resolve("GET", "/v1/namespaces//tables/c")).isEqualTo(new Router.NoRoute());
    assertThat(router.resolve("GET", "/v1/namespaces/a/tables/c/")).isEqualTo(new Router.NoRoute());
    assertThat(router.resolve("GET", "/v1/prefix/namespaces")).isEqualTo(new Router.NoRoute());
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
