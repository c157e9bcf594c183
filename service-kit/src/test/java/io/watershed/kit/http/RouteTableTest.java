package io.watershed.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void restVariableTakesTheRestOfThePathRaw() {
    List<Route> routes =
        List.of(
            new Route("GET", "/"),
            new Route("GET", "/files"),
            new Route("GET", "/files/{path...}"),
            new Route("PUT", "/files/{path...}"));
    RouteTable<Route> files = RouteTable.of(routes, Route::method, Route::path);
    assertThat(files.resolve("GET", "/"))
        .isEqualTo(new RouteTable.Match<>(routes.get(0), Map.of()));
    assertThat(files.resolve("GET", "/files"))
        .isEqualTo(new RouteTable.Match<>(routes.get(1), Map.of()));
    assertThat(files.resolve("GET", "/files/"))
        .isEqualTo(new RouteTable.Match<>(routes.get(2), Map.of("path", "")));
    assertThat(files.resolve("GET", "/files/a.js"))
        .isEqualTo(new RouteTable.Match<>(routes.get(2), Map.of("path", "a.js")));
    assertThat(files.resolve("GET", "/files/lib/a%20b/c.css"))
        .isEqualTo(new RouteTable.Match<>(routes.get(2), Map.of("path", "lib/a%20b/c.css")));
    // handed back as sent: the service checks the segments
    assertThat(files.resolve("GET", "/files/../x//y"))
        .isEqualTo(new RouteTable.Match<>(routes.get(2), Map.of("path", "../x//y")));
    assertThat(files.resolve("DELETE", "/files/a"))
        .isEqualTo(new RouteTable.WrongMethod<Route>(Set.of("GET", "PUT")));
    assertThat(files.resolve("GET", "/other")).isEqualTo(new RouteTable.NoRoute<>());
  }

  @Test
  void rootMatchesOnlyTheRootTemplate() {
    assertThat(table.resolve("GET", "/")).isEqualTo(new RouteTable.NoRoute<>());
    assertThat(table.resolve("GET", "")).isEqualTo(new RouteTable.NoRoute<>());
  }

  @Test
  void refusesARestVariableBeforeTheLastSegment() {
    assertThatThrownBy(
            () ->
                RouteTable.of(
                    List.of(new Route("GET", "/a/{rest...}/b")), Route::method, Route::path))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Cannot route GET /a/{rest...}/b: a rest variable {name...} must be the last segment");
  }
}
