package io.watershed.monitor.internal.query;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row of a series statement ({@link SeriesSql}): the point's start, whether it belongs to a
 * group shown by name, the group, its rank, and the value (a long or a double; null when nothing
 * was counted).
 */
record SeriesRow(long bucket, boolean named, String member, Long place, Number value) {
  static SeriesRow read(ResultSet row) throws SQLException {
    long bucket = row.getLong("bucket");
    boolean named = row.getBoolean("named");
    String member = row.getString("member");
    Long place = WatermarkReader.nullableLong(row, 4);
    Object value = row.getObject("value");
    return new SeriesRow(bucket, named, member, place, (Number) value);
  }
}
