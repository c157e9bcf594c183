package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.rest.RESTCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens: without a valid one nothing on /v1 is served or changed. */
class AuthIT {
  private static final String TOKEN = "watershed-test-token-0001";
  private static final String OTHER_TOKEN = "watershed-test-token-0002";

  @TempDir Path directory;
  private CatalogServer server;
  private HttpCalls http;

  @BeforeEach
  void start() {
    server =
        CatalogServer.start(
            CatalogFixtures.config(
                CatalogDatabase.h2(directory.resolve("db")),
                directory.resolve("warehouse"),
                CatalogFixtures.uniqueName(),
                Map.of("catalog.auth-tokens", TOKEN + ", " + OTHER_TOKEN)));
    http = HttpCalls.to(server.uri());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void clientWithoutTokenIsRefused() {
    assertThatThrownBy(() -> CatalogFixtures.client(server, "anonymous", Map.of()))
        .isInstanceOf(NotAuthorizedException.class);
  }

  @Test
  void createWithoutTokenChangesNothing() throws Exception {
    String body = "{\"namespace\":[\"sneaky\"],\"properties\":{}}";

    HttpResponse<String> anonymous = http.post("/v1/namespaces", body);
    HttpResponse<String> wrong = http.post("/v1/namespaces", body, "Authorization", "Bearer nope");
    HttpResponse<String> basic =
        http.post("/v1/namespaces", body, "Authorization", "Basic " + TOKEN);

    for (HttpResponse<String> response : new HttpResponse[] {anonymous, wrong, basic}) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(response.body())
          .contains("\"type\":\"NotAuthorizedException\"")
          .contains("\"code\":401");
    }
    try (RESTCatalog client = CatalogFixtures.client(server, "owner", Map.of("token", TOKEN))) {
      assertThat(client.namespaceExists(Namespace.of("sneaky"))).isFalse();
      assertThat(client.listNamespaces()).isEmpty();
    }
  }

  @Test
  void clientWithTokenWorks() throws Exception {
    try (RESTCatalog client = CatalogFixtures.client(server, "owner", Map.of("token", TOKEN));
        RESTCatalog other = CatalogFixtures.client(server, "other", Map.of("token", OTHER_TOKEN))) {
      client.createNamespace(Namespace.of("ns"));

      assertThat(other.listNamespaces()).containsExactly(Namespace.of("ns"));
    }
  }

  @Test
  void healthAndMetricsStayOpen() {
    assertThat(http.get("/health").statusCode()).isEqualTo(200);
    assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
    http.get("/v1/config");
    assertThat(http.get("/metrics").body())
        .contains("watershed_catalog_discarded_events_total{reason=\"unauthorized\"} 1.0");
  }
}
