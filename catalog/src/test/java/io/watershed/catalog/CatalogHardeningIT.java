package io.watershed.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.catalog.internal.RestJson;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile or clumsy client sends, and the answers (issue 17). Before: every name and
 * location below was accepted, and long values got 503 with SQL text or storage paths.
 */
class CatalogHardeningIT {
  private static final ObjectMapper MAPPER = RestJson.newMapper();
  private static final String SCHEMA_JSON =
      "{\"type\":\"struct\",\"schema-id\":0,\"fields\":"
          + "[{\"id\":1,\"name\":\"id\",\"required\":true,\"type\":\"long\"}]}";
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
                Map.of("catalog.init-lake-tables", "true")));
    client = CatalogFixtures.client(server, "rest", Map.of());
    http = HttpCalls.to(server.uri());
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
  }

  @Test
  void tableNamesThatLeaveTheNamespaceFolderGet400NamingTheRule() throws IOException {
    Map<String, String> cases =
        Map.of(
            "../x",
            "must not contain '/'",
            "..",
            "must not be '.' or '..'",
            ".",
            "must not be '.' or '..'",
            "a/b",
            "must not contain '/'",
            "a\u001fb",
            "must not contain control characters",
            "a\u202eb",
            "must not contain control characters",
            "x".repeat(300),
            "the limit is 255");
    for (Map.Entry<String, String> entry : cases.entrySet()) {
      HttpResponse<String> response =
          http.post("/v1/namespaces/ubc/tables", createTable(entry.getKey(), null));

      assertBadRequest(response, entry.getValue());
    }
    assertThat(client.listTables(Namespace.of("ubc"))).hasSize(6);
  }

  @Test
  void namespaceNamesWithSegmentsOrControlCharactersGet400() throws IOException {
    for (String level : List.of("..", ".", "a/b", "a\u001fb", "y".repeat(300))) {
      ObjectNode body = MAPPER.createObjectNode();
      body.putArray("namespace").add(level);

      assertBadRequest(http.post("/v1/namespaces", body.toString()), "Invalid namespace level");
    }
    assertThat(client.listNamespaces()).extracting(Namespace::toString).doesNotContain("..");
    assertThatThrownBy(() -> client.createNamespace(Namespace.of("a\u001fb")))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("control characters");
  }

  @Test
  void tableLocationsOutsideTheWarehouseGet400() throws IOException {
    client.createNamespace(Namespace.of("loc"));
    String outside = directory.resolve("elsewhere").toUri().toString();

    assertBadRequest(
        http.post("/v1/namespaces/loc/tables", createTable("t1", "file:///tmp/watershed-x")),
        "must be under the catalog's warehouse");
    assertBadRequest(
        http.post("/v1/namespaces/loc/tables", createTable("t2", outside)),
        "must be under the catalog's warehouse");
    String climbing = directory.resolve("warehouse").toUri() + "/loc/../../elsewhere";
    assertBadRequest(
        http.post("/v1/namespaces/loc/tables", createTable("t3", climbing)),
        "must be under the catalog's warehouse");
    assertThatThrownBy(
            () ->
                client
                    .buildTable(TableIdentifier.of("loc", "t4"), SCHEMA)
                    .withProperty("write.metadata.path", "file:///tmp/watershed-meta")
                    .create())
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("must be under the catalog's warehouse");

    String inside = directory.resolve("warehouse").toUri() + "/loc/custom_place";
    Table table =
        client.buildTable(TableIdentifier.of("loc", "t5"), SCHEMA).withLocation(inside).create();
    assertThat(table.location()).endsWith("/loc/custom_place");
    assertThatThrownBy(
            () -> table.updateLocation().setLocation("file:///tmp/watershed-moved").commit())
        .isInstanceOf(BadRequestException.class);
    assertThat(client.tableExists(TableIdentifier.of("loc", "t1"))).isFalse();
  }

  @Test
  void registeringAnotherTablesMetadataGets400() throws IOException {
    Table events = client.loadTable(TableIdentifier.of("ubc", "events"));
    String metadata = ((HasTableOperations) events).operations().current().metadataFileLocation();

    HttpResponse<String> second =
        http.post(
            "/v1/namespaces/ubc/register",
            "{\"name\":\"events_again\",\"metadata-location\":\"%s\"}".formatted(metadata));
    HttpResponse<String> outside =
        http.post(
            "/v1/namespaces/ubc/register",
            "{\"name\":\"stolen\",\"metadata-location\":\"file:///tmp/x/metadata/v1.metadata.json\"}");

    assertBadRequest(second, "belongs to table ubc.events");
    assertBadRequest(outside, "must be under the catalog's warehouse");
    assertThat(client.tableExists(TableIdentifier.of("ubc", "events_again"))).isFalse();
    assertThat(client.tableExists(TableIdentifier.of("ubc", "stolen"))).isFalse();
  }

  @Test
  void dropThenRegisterOfTheSameTableStillWorks() {
    client.createNamespace(Namespace.of("reg"));
    TableIdentifier identifier = TableIdentifier.of("reg", "t");
    Table table = client.createTable(identifier, SCHEMA, PartitionSpec.unpartitioned());
    String metadata = ((HasTableOperations) table).operations().current().metadataFileLocation();
    client.dropTable(identifier, false);

    Table registered = client.registerTable(TableIdentifier.of("reg", "t_back"), metadata);

    assertThat(registered.location()).isEqualTo(table.location());
  }

  @Test
  void longNamesAndHugePropertiesGet400WithoutInternals() throws IOException {
    ObjectNode namespace = MAPPER.createObjectNode();
    namespace.putArray("namespace").add("n".repeat(100_000));
    ObjectNode property = MAPPER.createObjectNode();
    property.putArray("namespace").add("props");
    property.putObject("properties").put("big", "v".repeat(10 * 1024 * 1024));

    HttpResponse<String> longName = http.post("/v1/namespaces", namespace.toString());
    HttpResponse<String> bigProperty = http.post("/v1/namespaces", property.toString());
    HttpResponse<String> longTable =
        http.post("/v1/namespaces/ubc/tables", createTable("t".repeat(100_000), null));

    assertBadRequest(longName, "the limit is 255");
    assertBadRequest(bigProperty, "the limit is 1000");
    assertBadRequest(longTable, "the limit is 255");
    assertThat(client.namespaceExists(Namespace.of("props"))).isFalse();
  }

  @Test
  void longNamesInPathsGetAnswersWithoutInternals() throws IOException {
    HttpResponse<String> longNamespace = http.get("/v1/namespaces/" + "n".repeat(5000));
    HttpResponse<String> longTable =
        http.get("/v1/namespaces/ubc/tables/" + "t".repeat(5000) + "%1F%00");
    HttpResponse<String> overTheHeadLimit = http.get("/v1/namespaces/" + "n".repeat(20_000));

    assertThat(longNamespace.statusCode()).isEqualTo(404);
    assertThat(longTable.statusCode()).isEqualTo(400); // a NUL in a path: refused by Jetty
    assertThat(overTheHeadLimit.statusCode()).isIn(414, 431);
    for (HttpResponse<String> response : List.of(longNamespace, longTable, overTheHeadLimit)) {
      assertThat(response.body().length()).as(response.body()).isLessThan(1000);
      assertThat(MAPPER.readTree(response.body()).at("/error/message").asText())
          .hasSizeLessThanOrEqualTo(200);
      assertThat(response.body())
          .doesNotContainIgnoringCase("sql")
          .doesNotContain("jdbc:", "file:", "Exception:", "org.apache", "java.");
    }
  }

  private static String createTable(String name, String location) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("name", name);
    if (location != null) {
      body.put("location", location);
    }
    try {
      body.set("schema", MAPPER.readTree(SCHEMA_JSON));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return body.toString();
  }

  /** 400, the rule named, and nothing a client should not see. */
  private static void assertBadRequest(HttpResponse<String> response, String rule)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = MAPPER.readTree(response.body()).get("error");
    String message = error.get("message").asText();
    assertThat(message).contains(rule).hasSizeLessThanOrEqualTo(200);
    assertThat(response.body().length()).isLessThan(1000);
    assertThat(response.body())
        .doesNotContainIgnoringCase("sql")
        .doesNotContain("jdbc:", "hdfs://", "Exception:", "\tat ", "org.apache", "java.");
  }
}
