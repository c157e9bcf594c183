package io.watershed.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Both engines share the lake: a table written through Flink SQL (submitted to the stack's Flink
 * session cluster, Iceberg catalog of type rest) is read back through Trino with exact rows, rows
 * Trino inserts are read by Flink, and every data file is on HDFS.
 */
class LakeInteropIT {
  private static LocalStack stack;

  @BeforeAll
  static void startStack() {
    stack = TestStack.shared();
  }

  @Test
  void theStacksCatalogAnswersOnlyItsToken() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String namespaces = stack.config().catalogUri() + "/v1/namespaces";
    HttpResponse<String> anonymous =
        http.send(
            HttpRequest.newBuilder(URI.create(namespaces)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> wrong =
        http.send(
            HttpRequest.newBuilder(URI.create(namespaces))
                .header("Authorization", "Bearer " + "x".repeat(48))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> allowed =
        http.send(
            HttpRequest.newBuilder(URI.create(namespaces))
                .header("Authorization", "Bearer " + CatalogComponent.token(stack.config()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("\"ubc\"");
  }

  @Test
  void lakeSchemasAndTablesExist() throws SQLException {
    try (Connection trino = TrinoQueries.connect(stack)) {
      assertThat(TrinoQueries.column(trino, "SHOW SCHEMAS FROM lake"))
          .contains("logs", "ubc", "ops");
      assertThat(TrinoQueries.column(trino, "SHOW TABLES FROM lake.ubc"))
          .contains("events", "rejects", "metrics_1m", "metrics_5m");
      assertThat(TrinoQueries.column(trino, "SHOW TABLES FROM lake.logs")).contains("lines");
      assertThat(TrinoQueries.column(trino, "SHOW TABLES FROM lake.ops")).contains("progress");
    }
  }

  @Test
  void flinkWritesTrinoReadsAndTrinoWritesFlinkReads() throws Exception {
    String namespace = TestStack.unique("it_interop");
    TableEnvironment flink = flink();
    flink.executeSql("CREATE DATABASE lake.`" + namespace + "`").await();
    flink
        .executeSql(
            "CREATE TABLE lake.`%s`.visits (id BIGINT, page STRING, ms INT)".formatted(namespace))
        .await();
    flink
        .executeSql(
            ("INSERT INTO lake.`%s`.visits VALUES (1, 'home', 120), (2, 'search', 45),"
                    + " (3, 'cart', 300)")
                .formatted(namespace))
        .await();

    try (Connection trino = TrinoQueries.connect(stack)) {
      assertThat(
              TrinoQueries.rows(
                  trino,
                  "SELECT id, page, ms FROM lake.%s.visits ORDER BY id".formatted(namespace)))
          .containsExactly("1|home|120", "2|search|45", "3|cart|300");

      try (Statement statement = trino.createStatement()) {
        statement.executeUpdate(
            "INSERT INTO lake.%s.visits VALUES (4, 'checkout', 80), (5, 'home', 10)"
                .formatted(namespace));
      }

      List<String> flinkRows = new ArrayList<>();
      try (CloseableIterator<Row> iterator =
          flink
              .executeSql("SELECT id, page, ms FROM lake.`%s`.visits".formatted(namespace))
              .collect()) {
        iterator.forEachRemaining(
            row -> flinkRows.add(row.getField(0) + "|" + row.getField(1) + "|" + row.getField(2)));
      }
      assertThat(flinkRows)
          .containsExactlyInAnyOrder(
              "1|home|120", "2|search|45", "3|cart|300", "4|checkout|80", "5|home|10");

      List<String> files =
          TrinoQueries.column(
              trino, "SELECT file_path FROM lake.%s.\"visits$files\"".formatted(namespace));
      assertThat(files)
          .hasSizeGreaterThanOrEqualTo(2)
          .allSatisfy(
              path ->
                  assertThat(path).startsWith(stack.config().warehouse() + "/" + namespace + "/"));

      try (Statement statement = trino.createStatement()) {
        statement.execute("DROP TABLE lake.%s.visits".formatted(namespace));
        statement.execute("DROP SCHEMA lake.%s".formatted(namespace));
      }
    }
  }

  /** Flink SQL in batch mode, submitted to the stack's session cluster over REST. */
  private static TableEnvironment flink() {
    Configuration configuration = new Configuration();
    configuration.set(DeploymentOptions.TARGET, "remote");
    configuration.set(RestOptions.ADDRESS, stack.config().host());
    configuration.set(RestOptions.PORT, stack.config().flinkRestPort());
    TableEnvironment environment =
        TableEnvironment.create(
            EnvironmentSettings.newInstance()
                .inBatchMode()
                .withConfiguration(configuration)
                .build());
    environment.executeSql(
        ("CREATE CATALOG lake WITH ('type' = 'iceberg', 'catalog-type' = 'rest', 'uri' = '%s',"
                + " 'token' = '%s')")
            .formatted(stack.config().catalogUri(), CatalogComponent.token(stack.config())));
    return environment;
  }
}
