package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.catalog.internal.RestJson;
import io.watershed.kit.testing.SlowClients;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP surface beyond what Iceberg's suites cover: errors, limits, paging, ops endpoints. */
class CatalogServerIT {
  private static final ObjectMapper MAPPER = RestJson.newMapper();
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));

  @TempDir Path directory;
  private CatalogServer server;
  private RESTCatalog client;
  private HttpCalls http;

  @BeforeEach
  void start() {
    server =
        CatalogServer.start(
            CatalogFixtures.config(
                CatalogDatabase.h2(directory.resolve("db")),
                directory.resolve("warehouse"),
                CatalogFixtures.uniqueName(),
                Map.of("catalog.max-request-bytes", "4096", "catalog.init-lake-tables", "true")));
    client = CatalogFixtures.client(server, "rest", Map.of());
    http = HttpCalls.to(server.uri());
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
  }

  @Test
  void createsLakeTablesOnStart() {
    assertThat(client.listTables(Namespace.of("ubc")))
        .extracting(TableIdentifier::name)
        .containsExactlyInAnyOrder(
            "events", "rejects", "metrics_1m", "metrics_5m", "late", "corrections");
    assertThat(client.loadTable(TableIdentifier.of("logs", "lines")).schema().asStruct())
        .isEqualTo(LakeTables.LOGS_LINES.schema().asStruct());
  }

  @Test
  void configListsExactlyTheServedEndpoints() throws IOException {
    JsonNode config = MAPPER.readTree(http.get("/v1/config").body());

    List<String> endpoints = new ArrayList<>();
    config.get("endpoints").forEach(endpoint -> endpoints.add(endpoint.asText()));
    assertThat(endpoints)
        .hasSize(23)
        .contains(
            Endpoint.V1_LIST_NAMESPACES.toString(),
            Endpoint.V1_UPDATE_TABLE.toString(),
            Endpoint.V1_REPORT_METRICS.toString(),
            Endpoint.V1_REGISTER_VIEW.toString())
        .doesNotContain(
            Endpoint.V1_COMMIT_TRANSACTION.toString(),
            Endpoint.V1_SUBMIT_TABLE_SCAN_PLAN.toString());
    assertThat(config.get("defaults").size()).isZero();
    assertThat(config.get("overrides").size()).isZero();
  }

  @Test
  void healthChecksTheDatabase() {
    HttpResponse<String> health = http.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
  }

  @Test
  void unknownRoutesGet404ErrorResponses() throws IOException {
    for (String path : List.of("/v1/nope", "/v1/namespaces/a/tables/b/plan", "/other", "/")) {
      HttpResponse<String> response = http.get(path);

      assertThat(response.statusCode()).as(path).isEqualTo(404);
      JsonNode error = MAPPER.readTree(response.body()).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(404);
      assertThat(error.get("type").asText()).isEqualTo("NotFoundException");
      assertThat(error.get("message").asText()).startsWith("Cannot route GET " + path);
    }
  }

  @Test
  void wrongMethodGets405WithAllow() {
    HttpResponse<String> response = http.delete("/v1/namespaces");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("Allow")).hasValue("GET, POST");
  }

  @Test
  void oversizedBodyGets413AndChangesNothing() {
    String body =
        "{\"namespace\":[\"big\"],\"properties\":{\"pad\":\"%s\"}}".formatted("x".repeat(5000));

    HttpResponse<String> response = http.post("/v1/namespaces", body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(response.body()).contains("\"type\":\"RequestTooLargeException\"");
    assertThat(client.namespaceExists(Namespace.of("big"))).isFalse();
    assertThat(http.get("/metrics").body())
        .contains("watershed_catalog_discarded_events_total{reason=\"too_large\"} 1.0");
  }

  @Test
  void malformedBodyGets400() {
    HttpResponse<String> response = http.post("/v1/namespaces", "{\"namespace\": 42");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"type\":\"BadRequestException\"");
  }

  @Test
  void headAnswersWithoutBody() {
    HttpResponse<String> exists = http.head("/v1/namespaces/ubc");
    HttpResponse<String> missing = http.head("/v1/namespaces/missing");
    HttpResponse<String> table = http.head("/v1/namespaces/ubc/tables/events");

    assertThat(exists.statusCode()).isEqualTo(204);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEmpty();
    assertThat(table.statusCode()).isEqualTo(204);
  }

  @Test
  void listsNamespacesAndTablesInPages() throws IOException {
    for (int i = 0; i < 5; i++) {
      client.createNamespace(Namespace.of("parent", "child" + i));
    }

    List<String> children = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      JsonNode page =
          MAPPER.readTree(
              http.get("/v1/namespaces?parent=parent&pageSize=2&pageToken=" + token).body());
      page.get("namespaces").forEach(namespace -> children.add(namespace.get(1).asText()));
      token = page.get("next-page-token").isNull() ? null : page.get("next-page-token").asText();
      pages++;
    } while (token != null);

    assertThat(pages).isEqualTo(3);
    assertThat(children)
        .containsExactlyInAnyOrder("child0", "child1", "child2", "child3", "child4");
    try (RESTCatalog paging =
        CatalogFixtures.client(server, "paging", Map.of("rest-page-size", "1"))) {
      assertThat(paging.listTables(Namespace.of("ubc"))).hasSize(6);
    }
    assertThat(http.get("/v1/namespaces?pageSize=0").statusCode()).isEqualTo(400);
  }

  @Test
  void purgeDeletesTheTableFilesAndReportsAreAccepted() throws IOException {
    TableIdentifier identifier = TableIdentifier.of("ops", "purged");
    Table table = client.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
    DataFile file =
        DataFiles.builder(PartitionSpec.unpartitioned())
            .withPath(table.location() + "/data/missing.parquet")
            .withFileSizeInBytes(10)
            .withRecordCount(1)
            .build();
    table.newFastAppend().appendFile(file).commit();
    Path metadata = Path.of(java.net.URI.create(table.location())).resolve("metadata");
    assertThat(files(metadata)).isNotEmpty();

    assertThat(client.dropTable(identifier, true)).isTrue();

    assertThat(client.tableExists(identifier)).isFalse();
    assertThat(files(metadata)).noneMatch(name -> name.endsWith(".metadata.json"));
    assertThat(http.get("/metrics").body())
        .contains(
            "watershed_catalog_http_requests_total{route=\"report_metrics\",status=\"204\"} 1.0")
        .contains("watershed_catalog_http_requests_total{route=\"drop_table\",status=\"204\"} 1.0");
  }

  @Test
  void metricsCountRequestsAndErrors() {
    http.get("/v1/namespaces/missing");
    http.post("/v1/namespaces", "{\"namespace\":[\"m\"],\"properties\":{}}");

    String metrics = http.get("/metrics").body();

    assertThat(metrics)
        .contains("# TYPE watershed_catalog_received_events_total counter")
        .contains("watershed_catalog_received_bytes_total ")
        .contains("watershed_catalog_sent_events_total ")
        .contains("watershed_catalog_errors_total{error_type=\"not_found\",stage=\"handle\"} 1.0")
        .contains(
            "watershed_catalog_http_requests_total{route=\"load_namespace\",status=\"404\"} 1.0")
        .contains(
            "watershed_catalog_http_requests_total{route=\"create_namespace\",status=\"200\"} 1.0")
        .contains("catalog_http_request_duration_seconds_count{route=\"create_namespace\"} 1");
  }

  @Test
  void requestLinesWithoutHeadersDoNotStopOtherClientsAndAreClosed() throws Exception {
    // Before: the JDK server on 4 threads hung every request behind 4 such connections.
    try (CatalogServer guarded =
            CatalogServer.start(
                CatalogFixtures.config(
                    CatalogDatabase.h2(directory.resolve("db2")),
                    directory.resolve("warehouse2"),
                    CatalogFixtures.uniqueName(),
                    Map.of("catalog.threads", "4", "catalog.http-header-timeout", "1s")));
        SlowClients slow = SlowClients.requestLinesOnly(guarded.address(), 12)) {
      HttpCalls guardedHttp = HttpCalls.to(guarded.uri());

      long start = System.nanoTime();
      HttpResponse<String> health = guardedHttp.get("/health");
      HttpResponse<String> live = guardedHttp.get("/health/live");
      HttpResponse<String> namespaces = guardedHttp.get("/v1/namespaces");

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(namespaces.statusCode()).isEqualTo(200);
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isLessThan(java.time.Duration.ofSeconds(5));
      assertThat(slow.allClosedWithin(java.time.Duration.ofSeconds(6))).isTrue();
      assertThat(guardedHttp.get("/metrics").body())
          .contains("watershed_catalog_discarded_events_total{reason=\"header_timeout\"} 12.0");
    }
  }

  private static List<String> files(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(path -> path.getFileName().toString()).toList();
    }
  }
}
