package io.watershed.catalog.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.rest.RESTRequest;
import org.apache.iceberg.rest.RESTUtil;

/** One REST request after routing: decoded path variables, query parameters and the body. */
public final class RestRequest {
  /** The client's default separator of namespace levels in a path segment. */
  private static final String NAMESPACE_SEPARATOR = "%1F";

  private final Map<String, String> pathVariables;
  private final Map<String, String> query;
  private final byte[] body;
  private final ObjectMapper mapper;

  public RestRequest(
      Map<String, String> pathVariables,
      Map<String, String> query,
      byte[] body,
      ObjectMapper mapper) {
    this.pathVariables = requireNonNull(pathVariables, "pathVariables is null");
    this.query = requireNonNull(query, "query is null");
    this.body = requireNonNull(body, "body is null");
    this.mapper = requireNonNull(mapper, "mapper is null");
  }

  /** The {@code {namespace}} path variable; levels are separated by {@code %1F}. */
  public Namespace namespace() {
    return RESTUtil.decodeNamespace(pathVariable("namespace"), NAMESPACE_SEPARATOR);
  }

  /** The table or view named by the path variable {@code variable} in {@link #namespace()}. */
  public TableIdentifier identifier(String variable) {
    return TableIdentifier.of(namespace(), RESTUtil.decodeString(pathVariable(variable)));
  }

  /** A query parameter, or null when absent. */
  public String query(String name) {
    return query.get(name);
  }

  /** The body read as {@code type}; REST requests are validated too. */
  public <T> T body(Class<T> type) {
    T parsed;
    try {
      parsed = mapper.readValue(body, type);
    } catch (IOException e) {
      throw new BadRequestException(
          e, "Cannot parse request body as %s: %s", type.getSimpleName(), e.getMessage());
    }
    if (parsed == null) {
      throw new BadRequestException("Cannot parse request body as %s: empty", type.getSimpleName());
    }
    if (parsed instanceof RESTRequest request) {
      request.validate();
    }
    return parsed;
  }

  /** A path variable of the route, raw. */
  public String pathVariable(String name) {
    String value = pathVariables.get(name);
    if (value == null) {
      throw new IllegalStateException("Cannot read path variable " + name + ": route has none");
    }
    return value;
  }
}
