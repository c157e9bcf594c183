package io.watershed.monitor.internal.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.watershed.monitor.internal.ApiException;
import io.watershed.monitor.internal.JsonInput;
import io.watershed.monitor.internal.Violation;
import io.watershed.monitor.internal.query.AdhocResult;
import io.watershed.monitor.internal.query.QueryService;
import io.watershed.monitor.internal.query.SeriesRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The HTTP side of the query API: series, watermarks, ad-hoc SQL. */
final class QueryApi {
  /** Characters of ad-hoc SQL at most. */
  static final int MAX_SQL_CHARACTERS = 100_000;

  private static final String CSV = "text/csv; charset=utf-8";

  private final QueryService queries;
  private final Clock clock;

  QueryApi(QueryService queries, Clock clock) {
    this.queries = requireNonNull(queries, "queries is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  Reply series(Request request) {
    SeriesRequest series = SeriesRequest.parse(request.queryValues(), clock.instant());
    return Reply.ok(queries.series(series));
  }

  Reply watermark(Request request) {
    return Reply.ok(queries.watermarks());
  }

  /**
   * {@code {"sql": "...", "format": "json" | "csv"}}: runs the SQL as the ad-hoc Trino user. CSV
   * answers flag cut-off rows in the header {@code Watershed-Truncated}.
   */
  Reply sql(Request request) {
    ObjectNode body = request.object();
    List<Violation> violations = new ArrayList<>();
    JsonInput in = new JsonInput(body, "", violations);
    in.refuseUnknown(Set.of("sql", "format"), Set.of());
    String sql = sql(body.get("sql"), in);
    String format = in.string("format", false, 8);
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      in.violation("format", "one-of", "must be one of [json, csv]", format);
    }
    ApiException.check("run the SQL", violations);
    AdhocResult result = queries.adhoc(sql);
    if ("csv".equals(format)) {
      Reply reply = Reply.raw(CSV, result.csv());
      return result.truncated()
          ? reply.withHeader("Watershed-Truncated", result.truncatedBy())
          : reply;
    }
    return Reply.ok(result.json());
  }

  /** The statement: text, not blank, within the limit; one trailing semicolon dropped. */
  private static String sql(JsonNode value, JsonInput in) {
    if (value == null || value.isNull()) {
      in.violation("sql", "required", "is required", null);
      return null;
    }
    if (!value.isTextual()) {
      in.violation("sql", "type", "must be a string", value);
      return null;
    }
    String sql = value.textValue().strip();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    if (sql.isEmpty()) {
      in.violation("sql", "required", "must not be blank", null);
      return null;
    }
    if (sql.length() > MAX_SQL_CHARACTERS) {
      in.violation(
          "sql", "max-length", "must be at most %d characters".formatted(MAX_SQL_CHARACTERS), null);
      return null;
    }
    return sql;
  }
}
