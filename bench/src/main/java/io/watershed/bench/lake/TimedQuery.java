package io.watershed.bench.lake;

import io.trino.jdbc.QueryStats;
import io.trino.jdbc.TrinoStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A query run {@code runs} times after one unmeasured run: the median of Trino's planning time and
 * of its elapsed time (both from the query's final statistics, so the client's side is left out).
 *
 * @param planningMillis median planning time
 * @param elapsedMillis median elapsed time
 * @param rows rows of the last run's answer
 */
record TimedQuery(long planningMillis, long elapsedMillis, long rows) {

  static TimedQuery run(Connection trino, String sql, int runs) throws SQLException {
    List<Long> planning = new ArrayList<>();
    List<Long> elapsed = new ArrayList<>();
    long rows = 0;
    for (int run = 0; run <= runs; run++) {
      AtomicReference<QueryStats> last = new AtomicReference<>();
      try (Statement statement = trino.createStatement()) {
        statement.unwrap(TrinoStatement.class).setProgressMonitor(last::set);
        rows = 0;
        try (ResultSet result = statement.executeQuery(sql)) {
          while (result.next()) {
            rows++;
          }
        }
      }
      if (run > 0 && last.get() != null) {
        planning.add(last.get().getPlanningTimeMillis());
        elapsed.add(last.get().getElapsedTimeMillis());
      }
    }
    return new TimedQuery(median(planning), median(elapsed), rows);
  }

  private static long median(List<Long> values) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
