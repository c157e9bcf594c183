package io.watershed.monitor.internal.query;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of an ad-hoc query: its columns, the rows read (values as JSON takes them: numbers,
 * booleans, text, null), and whether rows were cut off by a limit.
 *
 * @param truncatedBy the limit that cut rows off: {@code rows}, {@code bytes} or {@code time}; null
 *     when every row is here
 */
public record AdhocResult(List<Column> columns, List<List<Object>> rows, String truncatedBy) {
  /** A column: its name and Trino type. */
  public record Column(String name, String type) {}

  public AdhocResult {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(rows, "rows is null");
  }

  public boolean truncated() {
    return truncatedBy != null;
  }

  /** {@code {"columns": [{"name", "type"}], "rows": [[...]], "truncated": bool}}. */
  public Map<String, Object> json() {
    Map<String, Object> answer = new LinkedHashMap<>();
    List<Map<String, Object>> described = new ArrayList<>();
    for (Column column : columns) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("name", column.name());
      view.put("type", column.type());
      described.add(view);
    }
    answer.put("columns", described);
    answer.put("rows", rows);
    answer.put("truncated", truncated());
    if (truncated()) {
      answer.put("truncated_by", truncatedBy);
    }
    return answer;
  }

  /**
   * RFC 4180 CSV: a header of the column names, then the rows; null is an empty field. Written
   * here: quoting fields is the whole of it, not worth a dependency.
   */
  public byte[] csv() {
    StringBuilder out = new StringBuilder();
    line(out, columns.stream().map(Column::name).map(name -> (Object) name).toList());
    rows.forEach(row -> line(out, row));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder out, List<Object> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      Object field = fields.get(i);
      String text = field == null ? "" : field.toString();
      if (text.indexOf(',') >= 0
          || text.indexOf('"') >= 0
          || text.indexOf('\n') >= 0
          || text.indexOf('\r') >= 0) {
        out.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        out.append(text);
      }
    }
    out.append("\r\n");
  }
}
