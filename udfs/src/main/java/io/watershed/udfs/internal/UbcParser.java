package io.watershed.udfs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validates one raw UBC line. The result is either a {@link UbcRecord} or a reject reason of the
 * form {@code <code>: <detail>}, where the code is one of {@link Reason} in lower case: stable for
 * queries such as {@code GROUP BY split_part(reason, ':', 1)}.
 */
public final class UbcParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_DETAIL = 200;

  /** Why a record is rejected. */
  public enum Reason {
    NOT_JSON,
    NOT_OBJECT,
    MISSING_ID,
    MISSING_UBC,
    MISSING_TYPE,
    UNKNOWN_TYPE,
    MISSING_TS,
    TS_NOT_NUMBER,
    MISSING_RTS,
    RTS_NOT_NUMBER,
    MISSING_DUR,
    DUR_NOT_NUMBER,
    NEGATIVE_DUR,
    DUR_ON_EVENT_LOG,
    COMMON_NOT_OBJECT,
    EXT_NOT_OBJECT;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The outcome: exactly one of record and reason is non-null. */
  public record Result(UbcRecord record, String reason) {
    static Result reject(Reason reason, String detail) {
      String text = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail;
      return new Result(null, reason.code() + ": " + text);
    }
  }

  private UbcParser() {}

  public static Result parse(String line) {
    if (line == null) {
      return Result.reject(Reason.NOT_JSON, "empty record");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return Result.reject(Reason.NOT_JSON, e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode()) {
      return Result.reject(Reason.NOT_JSON, "empty record");
    }
    if (!root.isObject()) {
      return Result.reject(Reason.NOT_OBJECT, "expected a JSON object, got " + kind(root));
    }
    String id = text(root.get("id"));
    if (id == null) {
      return Result.reject(Reason.MISSING_ID, "field 'id' (event id) is missing or empty");
    }
    String ubc = text(root.get("ubc"));
    if (ubc == null) {
      return Result.reject(Reason.MISSING_UBC, "field 'ubc' (UBC id) is missing or empty");
    }
    JsonNode type = root.get("type");
    if (type == null || type.isNull()) {
      return Result.reject(Reason.MISSING_TYPE, "field 'type' is missing");
    }
    String logType = type.isTextual() ? type.asText() : type.toString();
    if (!logType.equals("event") && !logType.equals("flow")) {
      return Result.reject(
          Reason.UNKNOWN_TYPE, "field 'type' must be 'event' or 'flow', got '" + logType + "'");
    }
    JsonNode ts = root.get("ts");
    if (ts == null || ts.isNull()) {
      return Result.reject(Reason.MISSING_TS, "field 'ts' (action time, ms) is missing");
    }
    if (!ts.isIntegralNumber()) {
      return Result.reject(Reason.TS_NOT_NUMBER, "field 'ts' must be epoch ms, got " + ts);
    }
    JsonNode rts = root.get("rts");
    if (rts == null || rts.isNull()) {
      return Result.reject(Reason.MISSING_RTS, "field 'rts' (report time, ms) is missing");
    }
    if (!rts.isIntegralNumber()) {
      return Result.reject(Reason.RTS_NOT_NUMBER, "field 'rts' must be epoch ms, got " + rts);
    }
    JsonNode dur = root.get("dur");
    boolean hasDur = dur != null && !dur.isNull();
    Long durationMs = null;
    if (logType.equals("event") && hasDur) {
      return Result.reject(Reason.DUR_ON_EVENT_LOG, "field 'dur' is for flow logs only");
    }
    if (logType.equals("flow")) {
      if (!hasDur) {
        return Result.reject(Reason.MISSING_DUR, "a flow log needs field 'dur' (ms)");
      }
      if (!dur.isIntegralNumber()) {
        return Result.reject(Reason.DUR_NOT_NUMBER, "field 'dur' must be ms, got " + dur);
      }
      if (dur.asLong() < 0) {
        return Result.reject(Reason.NEGATIVE_DUR, "field 'dur' must be >= 0, got " + dur);
      }
      durationMs = dur.asLong();
    }
    JsonNode common = root.get("common");
    if (common != null && !common.isNull() && !common.isObject()) {
      return Result.reject(Reason.COMMON_NOT_OBJECT, "field 'common' must be an object");
    }
    JsonNode ext = root.get("ext");
    if (ext != null && !ext.isNull() && !ext.isObject()) {
      return Result.reject(Reason.EXT_NOT_OBJECT, "field 'ext' must be an object");
    }
    return new Result(
        new UbcRecord(
            id,
            ubc,
            logType,
            Instant.ofEpochMilli(ts.asLong()),
            Instant.ofEpochMilli(rts.asLong()),
            field(common, "os"),
            field(common, "osv"),
            field(common, "did"),
            field(common, "app"),
            field(common, "appv"),
            field(common, "net"),
            stringMap(ext),
            durationMs),
        null);
  }

  private static String field(JsonNode object, String name) {
    return object == null || object.isNull() ? null : text(object.get(name));
  }

  /** Scalars as their text; objects and arrays as JSON; null and "" as null. */
  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String text = node.isValueNode() ? node.asText() : node.toString();
    return text.isEmpty() ? null : text;
  }

  private static Map<String, String> stringMap(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    if (object == null || object.isNull()) {
      return map;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String value = text(entry.getValue());
      if (value != null) {
        map.put(entry.getKey(), value);
      }
    }
    return map;
  }

  private static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
