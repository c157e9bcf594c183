package io.watershed.monitor;

import java.nio.file.Path;

/** A database for a test server, created for one test class and dropped by {@link #close()}. */
public interface TestDatabase extends AutoCloseable {
  String jdbcUrl();

  String user();

  @Override
  void close();

  /** An embedded H2 file database in {@code directory}, as the service's default. */
  static TestDatabase h2(Path directory) {
    String url =
        "jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE"
            .formatted(directory.resolve("monitor").toAbsolutePath());
    return new TestDatabase() {
      @Override
      public String jdbcUrl() {
        return url;
      }

      @Override
      public String user() {
        return "";
      }

      @Override
      public void close() {
        // the files go with the test's temporary directory
      }
    };
  }
}
