package io.watershed.catalog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.junit.jupiter.api.Test;

class RestRequestTest {
  @Test
  void decodesNamespacesAndNames() {
    RestRequest request = request(Map.of("namespace", "a%1Fb+c%1Fd%2Fe", "table", "t%2Ex%20y"), "");

    assertThat(request.namespace()).isEqualTo(Namespace.of("a", "b c", "d/e"));
    assertThat(request.identifier("table"))
        .isEqualTo(TableIdentifier.of(Namespace.of("a", "b c", "d/e"), "t.x y"));
  }

  @Test
  void readsAndValidatesBodies() {
    CreateNamespaceRequest parsed =
        request(Map.of(), "{\"namespace\":[\"a\"],\"properties\":{\"k\":\"v\"}}")
            .body(CreateNamespaceRequest.class);

    assertThat(parsed.namespace()).isEqualTo(Namespace.of("a"));
    assertThat(parsed.properties()).isEqualTo(Map.of("k", "v"));
    assertThatThrownBy(() -> request(Map.of(), "{").body(CreateNamespaceRequest.class))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("Cannot parse request body as CreateNamespaceRequest");
    assertThatThrownBy(() -> request(Map.of(), "").body(CreateNamespaceRequest.class))
        .isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> request(Map.of(), "{}").body(RenameTableRequest.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static RestRequest request(Map<String, String> variables, String body) {
    return new RestRequest(
        variables, Map.of(), body.getBytes(StandardCharsets.UTF_8), RestJson.newMapper());
  }
}
