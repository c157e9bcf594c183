package io.watershed.monitor.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watershed.monitor.internal.auth.Permission;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description has exactly the routes of {@link Endpoint}. */
class OpenApiTest {
  private static final List<String> METHODS =
      List.of("get", "put", "post", "delete", "patch", "head");

  @Test
  void describesEveryRouteAndNoOther() throws IOException {
    JsonNode document = document();
    assertThat(document.path("openapi").textValue()).startsWith("3.0");
    List<String> described = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (String method : METHODS) {
        if (path.getValue().has(method)) {
          described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    List<String> served =
        Arrays.stream(Endpoint.values()).map(e -> e.method() + " " + described(e)).toList();
    assertThat(described).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void openRoutesNeedNoTokenAndOthersDo() throws IOException {
    JsonNode paths = document().path("paths");
    for (Endpoint endpoint : Endpoint.values()) {
      JsonNode operation =
          paths.path(described(endpoint)).path(endpoint.method().toLowerCase(Locale.ROOT));
      boolean open = operation.has("security") && operation.path("security").isEmpty();
      assertThat(open).as(endpoint.name()).isEqualTo(endpoint.permission() == Permission.OPEN);
      if (endpoint.permission() != Permission.OPEN) {
        assertThat(operation.path("responses").has("401")).as(endpoint.name()).isTrue();
        assertThat(operation.path("responses").has("403")).as(endpoint.name()).isTrue();
      }
    }
  }

  @Test
  void everyReferenceResolves() throws IOException {
    JsonNode document = document();
    List<String> references = new ArrayList<>();
    collect(document, references);
    assertThat(references).isNotEmpty();
    for (String reference : references) {
      assertThat(document.at(reference.substring(1))).as(reference).isNotNull();
      assertThat(document.at(reference.substring(1)).isMissingNode()).as(reference).isFalse();
    }
  }

  /**
   * The endpoint's path as OpenAPI writes it: a rest variable {@code {path...}} as {@code {path}}.
   */
  private static String described(Endpoint endpoint) {
    return endpoint.path().replace("...}", "}");
  }

  private static void collect(JsonNode node, List<String> references) {
    if (node.has("$ref")) {
      references.add(node.path("$ref").textValue());
    }
    node.forEach(child -> collect(child, references));
  }

  private static JsonNode document() throws IOException {
    try (InputStream in =
        OpenApiTest.class.getResourceAsStream("/io/watershed/monitor/openapi.json")) {
      assertThat(in).isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
