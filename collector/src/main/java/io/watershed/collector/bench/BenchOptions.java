package io.watershed.collector.bench;

import java.util.HashMap;
import java.util.Map;

/** The command line. */
record BenchOptions(
    String bootstrap, int records, int rate, int batch, int concurrency, int recordBytes) {
  static final String USAGE =
      "usage: bench-intake --bootstrap HOST:PORT [--records 200000] [--rate 20000 (records/s,"
          + " 0 = unthrottled)] [--batch 100 (records per request)] [--concurrency 16 (requests"
          + " in flight)] [--record-bytes 1024]";

  static BenchOptions parse(String[] args) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      values.put(args[i].substring(2), args[i + 1]);
    }
    String bootstrap = values.remove("bootstrap");
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
    }
    BenchOptions options =
        new BenchOptions(
            bootstrap,
            number(values, "records", 200_000, 1),
            number(values, "rate", 20_000, 0),
            number(values, "batch", 100, 1),
            number(values, "concurrency", 16, 1),
            number(values, "record-bytes", 1024, 300));
    if (!values.isEmpty()) {
      throw new IllegalArgumentException("unknown options " + values.keySet());
    }
    return options;
  }

  private static int number(Map<String, String> values, String name, int fallback, int min) {
    String value = values.remove(name);
    if (value == null) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.replace("_", ""));
      if (number < min) {
        throw new IllegalArgumentException(
            "--%s %s: must be at least %d".formatted(name, value, min));
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--%s %s: must be an integer".formatted(name, value), e);
    }
  }
}
