package io.watershed.bench.lake;

import java.io.PrintWriter;
import java.util.Map;

/**
 * The bench's table and goals: each table's shape with upkeep off and on, each query's times off,
 * on and on a fresh copy; at most 10 data files per partition and day after upkeep, query time
 * within 20 % of the fresh copy, every commit's rows present, and the same rows after upkeep.
 */
record LakeReport(
    SimulatedDay day,
    Map<String, TableShape> off,
    Map<String, TableShape> on,
    Map<String, Long> upkeepSeconds,
    Map<String, TimedQuery> offTimes,
    Map<String, TimedQuery> onTimes,
    Map<String, TimedQuery> freshTimes) {
  private static final int MAX_FILES = 10;
  private static final double MAX_SLOWER = 1.2;

  boolean rowsKept() {
    return off.keySet().stream().allMatch(t -> off.get(t).rows() == on.get(t).rows())
        && on.get("ubc.events").rows() == day.expectedEvents()
        && on.get("ubc.metrics_1m").rows() == day.expectedMinuteRows()
        && on.get("ops.progress").rows() == 1;
  }

  void print(PrintWriter out) {
    out.println();
    out.printf(
        "%-15s %-7s %10s %12s %10s %10s %14s %9s %8s%n",
        "table",
        "upkeep",
        "data files",
        "delete files",
        "snapshots",
        "manifests",
        "manifest KiB",
        "rows",
        "round s");
    for (String table : off.keySet()) {
      row(out, table, "off", off.get(table), "");
      row(out, table, "on", on.get(table), String.valueOf(upkeepSeconds.get(table)));
    }
    out.println("(data and delete files: the simulated day's partition; ops.progress: all)");
    out.println();
    out.printf(
        "%-22s %-7s %12s %11s %6s%n", "query", "tables", "planning ms", "elapsed ms", "rows");
    for (String query : offTimes.keySet()) {
      time(out, query, "off", offTimes.get(query));
      time(out, query, "on", onTimes.get(query));
      time(out, query, "fresh", freshTimes.get(query));
    }
    out.println("(medians; fresh: a copy of the day written at once, the baseline)");
    out.println();
    for (String table : new String[] {"ubc.events", "ubc.metrics_1m"}) {
      long files = on.get(table).dataFiles();
      goal(
          out,
          files <= MAX_FILES,
          "%s: %d data files in the day's partition after upkeep (goal: at most %d)",
          table,
          files,
          MAX_FILES);
    }
    for (String query : onTimes.keySet()) {
      long after = onTimes.get(query).elapsedMillis();
      long fresh = freshTimes.get(query).elapsedMillis();
      goal(
          out,
          after <= fresh * MAX_SLOWER,
          "%s: %d ms after upkeep, %d ms fresh (%+.0f %%; goal: within 20 %%)",
          query,
          after,
          fresh,
          fresh == 0 ? 0.0 : (after - fresh) * 100.0 / fresh);
    }
    goal(
        out,
        rowsKept(),
        "rows: events %d of %d, minutes %d of %d, progress %d row; the same before and after"
            + " upkeep",
        on.get("ubc.events").rows(),
        day.expectedEvents(),
        on.get("ubc.metrics_1m").rows(),
        day.expectedMinuteRows(),
        on.get("ops.progress").rows());
    out.flush();
  }

  private static void row(
      PrintWriter out, String table, String upkeep, TableShape shape, String seconds) {
    out.printf(
        "%-15s %-7s %10d %12d %10d %10d %14.1f %9d %8s%n",
        table,
        upkeep,
        shape.dataFiles(),
        shape.deleteFiles(),
        shape.snapshots(),
        shape.manifests(),
        shape.manifestBytes() / 1024.0,
        shape.rows(),
        seconds);
  }

  private static void time(PrintWriter out, String query, String tables, TimedQuery time) {
    out.printf(
        "%-22s %-7s %12d %11d %6d%n",
        query, tables, time.planningMillis(), time.elapsedMillis(), time.rows());
  }

  private static void goal(PrintWriter out, boolean met, String format, Object... arguments) {
    out.printf("%-6s %s%n", met ? "met" : "MISSED", format.formatted(arguments));
  }
}
