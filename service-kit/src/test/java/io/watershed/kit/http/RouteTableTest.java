package io.watershed.kit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private record Route(String method, String path) {}

  private static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/v1/things"),
          new Route("POST", "/v1/things"),
          new Route("GET", "/v1/things/{id}/parts/{part}"));

  private final RouteTable<Route> table = RouteTable.of(ROUTES, Route::method, Route::path);

  @Test
  void matchesTemplatesKeepingVariablesEncoded() {
    assertThat(table.resolve("GET", "/v1/things/a%2Fb/parts/c%20d"))
        .isEqualTo(new RouteTable.Match<>(ROUTES.get(2), Map.of("id", "a%2Fb", "part", "c%20d")));
    assertThat(table.resolve("post", "/v1/things"))
        .isEqualTo(new RouteTable.Match<>(ROUTES.get(1), Map.of()));
  }

  @Test
  void tellsWrongMethodsFromUnknownPaths() {
    assertThat(table.resolve("DELETE", "/v1/things"))
        .isEqualTo(new RouteTable.WrongMethod<Route>(Set.of("GET", "POST")));
    assertThat(table.resolve("GET", "/v1/things/a/parts")).isEqualTo(new RouteTable.NoRoute<>());
    assertThat(table.resolve("GET", "/v1/things//parts/c")).isEqualTo(new RouteTable.NoRoute<>());
    assertThat(table.resolve("GET", "/v1/things/a/parts/c/")).isEqualTo(new RouteTable.NoRoute<>());
  }
}
