package io.watershed.monitor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.kit.http.RouteTable;
import io.watershed.monitor.internal.auth.Permission;
import io.watershed.monitor.internal.auth.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  @Test
  void matchesTemplatesAndDecodesVariables() {
    RouteTable.Resolution<Endpoint> resolution =
        Endpoint.ROUTES.resolve("PUT", "/v1/ubc-ids/ubc%2E1/dimensions/d3/mappings");
    assertThat(resolution)
        .isEqualTo(
            new RouteTable.Match<>(Endpoint.PUT_MAPPINGS, Map.of("id", "ubc%2E1", "slot", "d3")));
    assertThat(Endpoint.ROUTES.resolve("POST", "/v1/agents/a+b/heartbeat"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.HEARTBEAT, Map.of("id", "a+b")));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/rules/versions"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.LIST_RULE_VERSIONS, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/series"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.GET_SERIES, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/watermark"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.GET_WATERMARK, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("POST", "/v1/sql"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.RUN_SQL, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/alerts"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.LIST_ALERTS, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("POST", "/v1/alerts"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.CREATE_ALERT, Map.of()));
    // the literal segment wins over the rule number
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/alerts/firings"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.LIST_ALERT_FIRINGS, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/alerts/7"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.GET_ALERT, Map.of("id", "7")));
    assertThat(Endpoint.ROUTES.resolve("PUT", "/v1/alerts/7"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.PUT_ALERT, Map.of("id", "7")));
    assertThat(Endpoint.ROUTES.resolve("DELETE", "/v1/alerts/7"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.DELETE_ALERT, Map.of("id", "7")));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/pipeline"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.GET_PIPELINE, Map.of()));
    assertThat(Request.decodePath(Map.of("id", "ubc%2E1", "slot", "d3", "agent", "a+b")))
        .isEqualTo(Map.of("id", "ubc.1", "slot", "d3", "agent", "a+b"));
  }

  @Test
  void routesWhoamiAndTheVersionsOfAUbcId() {
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/whoami"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.WHOAMI, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/ubc-ids/ubc_0001/versions"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.LIST_UBC_ID_VERSIONS, Map.of("id", "ubc_0001")));
  }

  @Test
  void routesTheUi() {
    assertThat(Endpoint.ROUTES.resolve("GET", "/"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.HOME, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/ui"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.UI_HOME, Map.of()));
    assertThat(Endpoint.ROUTES.resolve("GET", "/ui/"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.UI, Map.of("path", "")));
    assertThat(Endpoint.ROUTES.resolve("GET", "/ui/lib/uPlot.esm.js"))
        .isEqualTo(new RouteTable.Match<>(Endpoint.UI, Map.of("path", "lib/uPlot.esm.js")));
    assertThat(Endpoint.ROUTES.resolve("POST", "/ui/app.js"))
        .isInstanceOf(RouteTable.WrongMethod.class);
  }

  @Test
  void tellsWrongMethodFromNoRoute() {
    assertThat(Endpoint.ROUTES.resolve("DELETE", "/v1/rules"))
        .isInstanceOf(RouteTable.WrongMethod.class);
    assertThat(
            ((RouteTable.WrongMethod<Endpoint>) Endpoint.ROUTES.resolve("PATCH", "/v1/ubc-ids/x"))
                .allowed())
        .containsExactly("DELETE", "GET", "PUT");
    assertThat(
            ((RouteTable.WrongMethod<Endpoint>) Endpoint.ROUTES.resolve("GET", "/v1/sql"))
                .allowed())
        .containsExactly("POST");
    assertThat(Endpoint.ROUTES.resolve("POST", "/v1/series"))
        .isInstanceOf(RouteTable.WrongMethod.class);
    assertThat(
            ((RouteTable.WrongMethod<Endpoint>) Endpoint.ROUTES.resolve("PATCH", "/v1/alerts/7"))
                .allowed())
        .containsExactly("DELETE", "GET", "PUT");
    assertThat(
            ((RouteTable.WrongMethod<Endpoint>) Endpoint.ROUTES.resolve("DELETE", "/v1/alerts"))
                .allowed())
        .containsExactly("GET", "POST");
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/alerts/7/firings"))
        .isInstanceOf(RouteTable.NoRoute.class);
    assertThat(Endpoint.ROUTES.resolve("PUT", "/v1/pipeline"))
        .isInstanceOf(RouteTable.WrongMethod.class);
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/pipeline/flink"))
        .isInstanceOf(RouteTable.NoRoute.class);
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/series/x"))
        .isInstanceOf(RouteTable.NoRoute.class);
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/ubc-ids/x/y"))
        .isInstanceOf(RouteTable.NoRoute.class);
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/ubc-ids//dimensions"))
        .isInstanceOf(RouteTable.NoRoute.class);
    assertThat(Endpoint.ROUTES.resolve("GET", "/v1/ubc-ids/"))
        .isInstanceOf(RouteTable.NoRoute.class);
  }

  @Test
  void everyRouteHasOneEndpoint() {
    for (Endpoint endpoint : Endpoint.values()) {
      String path = endpoint.path().replaceAll("\\{[a-z]+}", "x");
      assertThat(Endpoint.ROUTES.resolve(endpoint.method(), path))
          .as(endpoint.name())
          .isEqualTo(
              new RouteTable.Match<>(
                  endpoint,
                  ((RouteTable.Match<Endpoint>) Endpoint.ROUTES.resolve(endpoint.method(), path))
                      .pathVariables()));
    }
  }

  @Test
  void rolesHoldTheirPermissions() {
    assertThat(Role.holding(Permission.WRITE)).isEqualTo("editor, admin");
    assertThat(Role.holding(Permission.HEARTBEAT)).isEqualTo("agent");
    assertThat(Role.holding(Permission.RULES)).isEqualTo("viewer, editor, admin, agent");
    assertThat(Role.holding(Permission.ADMIN)).isEqualTo("admin");
    assertThat(Role.AGENT.allows(Permission.READ)).isFalse();
    // ad-hoc SQL is for editors: viewers read series and watermarks only
    assertThat(Role.holding(Permission.QUERY)).isEqualTo("editor, admin");
    assertThat(Endpoint.RUN_SQL.permission()).isEqualTo(Permission.QUERY);
    assertThat(Endpoint.GET_SERIES.permission()).isEqualTo(Permission.READ);
    assertThat(Endpoint.GET_WATERMARK.permission()).isEqualTo(Permission.READ);
    assertThat(Endpoint.GET_PIPELINE.permission()).isEqualTo(Permission.READ);
    assertThat(Role.holding(Permission.AUTHENTICATED)).isEqualTo("viewer, editor, admin, agent");
    // alert rules: viewers read them and their firings, editors change them
    assertThat(Endpoint.LIST_ALERTS.permission()).isEqualTo(Permission.READ);
    assertThat(Endpoint.GET_ALERT.permission()).isEqualTo(Permission.READ);
    assertThat(Endpoint.LIST_ALERT_FIRINGS.permission()).isEqualTo(Permission.READ);
    assertThat(Endpoint.CREATE_ALERT.permission()).isEqualTo(Permission.WRITE);
    assertThat(Endpoint.PUT_ALERT.permission()).isEqualTo(Permission.WRITE);
    assertThat(Endpoint.DELETE_ALERT.permission()).isEqualTo(Permission.WRITE);
  }
}
