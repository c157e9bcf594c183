package io.watershed.monitor.internal.live;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.watershed.contracts.MonitorRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One record of the monitoring queue ({@link MonitorRecord}), as much of it as the live minutes
 * use: the UBC ID, the log type as the window tables name it ({@code event}, {@code flow}), the
 * report time, d1..d6, the duration and the device id.
 *
 * @param dimensions d1..d6 in order, each possibly null
 * @param duration milliseconds, or null (event logs)
 * @param device the device id, or null
 */
public record LiveRecord(
    String ubc,
    String logType,
    long reportTime,
    List<String> dimensions,
    Long duration,
    String device) {
  static final int SLOTS = MonitorRecord.DIMENSIONS.size();

  public LiveRecord {
    requireNonNull(ubc, "ubc is null");
    requireNonNull(logType, "logType is null");
    requireNonNull(dimensions, "dimensions is null");
    if (dimensions.size() != SLOTS) {
      throw new IllegalArgumentException(
          "Cannot make a live record of %d dimensions: there are %d slots"
              .formatted(dimensions.size(), SLOTS));
    }
    // nulls are values here (a slot without a value), so no List.copyOf
    dimensions = Collections.unmodifiableList(Arrays.asList(dimensions.toArray(new String[0])));
  }

  /**
   * Reads a record's JSON value; null when it is not a monitoring record (not an object, or without
   * a UBC ID, a log type or a report time). Unknown fields are skipped, as the jobs write more
   * fields ({@code id}, {@code rv}) than the live minutes need.
   */
  static LiveRecord read(JsonFactory json, byte[] value) throws IOException {
    if (value == null) {
      return null;
    }
    String ubc = null;
    String type = null;
    Long reportTime = null;
    String[] dimensions = new String[SLOTS];
    Long duration = null;
    String device = null;
    try (JsonParser parser = json.createParser(value)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken token = parser.nextToken();
        switch (field) {
          case MonitorRecord.UBC -> ubc = text(parser, token);
          case MonitorRecord.TYPE -> type = text(parser, token);
          case MonitorRecord.REPORT_TS -> reportTime = number(parser, token);
          case MonitorRecord.DURATION -> duration = number(parser, token);
          case MonitorRecord.DEVICE -> device = text(parser, token);
          default -> {
            int slot = MonitorRecord.DIMENSIONS.indexOf(field);
            if (slot >= 0) {
              dimensions[slot] = text(parser, token);
            } else {
              parser.skipChildren();
            }
          }
        }
      }
    }
    if (ubc == null || type == null || reportTime == null) {
      return null;
    }
    return new LiveRecord(
        ubc, logType(type), reportTime, Arrays.asList(dimensions), duration, device);
  }

  /** The log type as ubc_windows writes it into the window tables: e event, f flow. */
  static String logType(String type) {
    return switch (type) {
      case MonitorRecord.EVENT -> "event";
      case MonitorRecord.FLOW -> "flow";
      default -> type;
    };
  }

  private static String text(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  private static Long number(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return parser.getLongValue();
    }
    parser.skipChildren();
    return null;
  }
}
