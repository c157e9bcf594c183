package io.watershed.monitor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.watershed.monitor.internal.auth.Permission;
import io.watershed.monitor.internal.auth.Role;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {
  @Test
  void matchesTemplatesAndDecodesVariables() {
    Router.Resolution resolution =
        Router.resolve("PUT", "/v1/ubc-ids/ubc%2E1/dimensions/d3/mappings");
    assertThat(resolution)
        .isEqualTo(new Router.Match(Endpoint.PUT_MAPPINGS, Map.of("id", "ubc.1", "slot", "d3")));
    assertThat(Router.resolve("POST", "/v1/agents/a+b/heartbeat"))
        .isEqualTo(new Router.Match(Endpoint.HEARTBEAT, Map.of("id", "a+b")));
    assertThat(Router.resolve("GET", "/v1/rules/versions"))
        .isEqualTo(new Router.Match(Endpoint.LIST_RULE_VERSIONS, Map.of()));
  }

  @Test
  void tellsWrongMethodFromNoRoute() {
    assertThat(Router.resolve("DELETE", "/v1/rules")).isInstanceOf(Router.WrongMethod.class);
    assertThat(((Router.WrongMethod) Router.resolve("PATCH", "/v1/ubc-ids/x")).allowed())
        .containsExactly("DELETE", "GET", "PUT");
    assertThat(Router.resolve("GET", "/v1/ubc-ids/x/y")).isInstanceOf(Router.NoRoute.class);
    assertThat(Router.resolve("GET", "/v1/ubc-ids//dimensions")).isInstanceOf(Router.NoRoute.class);
    assertThat(Router.resolve("GET", "/v1/ubc-ids/")).isInstanceOf(Router.NoRoute.class);
  }

  @Test
  void everyRouteHasOneEndpoint() {
    for (Endpoint endpoint : Endpoint.values()) {
      String path = endpoint.path().replaceAll("\\{[a-z]+}", "x");
      assertThat(Router.resolve(endpoint.method(), path))
          .as(endpoint.name())
          .isEqualTo(
              new Router.Match(
                  endpoint,
                  ((Router.Match) Router.resolve(endpoint.method(), path)).pathVariables()));
    }
  }

  @Test
  void rolesHoldTheirPermissions() {
    assertThat(Role.holding(Permission.WRITE)).isEqualTo("editor, admin");
    assertThat(Role.holding(Permission.HEARTBEAT)).isEqualTo("agent");
    assertThat(Role.holding(Permission.RULES)).isEqualTo("viewer, editor, admin, agent");
    assertThat(Role.holding(Permission.ADMIN)).isEqualTo("admin");
    assertThat(Role.AGENT.allows(Permission.READ)).isFalse();
  }
}
