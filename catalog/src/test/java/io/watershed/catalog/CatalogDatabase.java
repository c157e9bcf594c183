package io.watershed.catalog;

import java.nio.file.Path;

/** A database for a test catalog, created for one test class and dropped by {@link #close()}. */
interface CatalogDatabase extends AutoCloseable {
  String jdbcUrl();

  String user();

  @Override
  void close();

  /** An embedded H2 file database in {@code directory}. */
  static CatalogDatabase h2(Path directory) {
    String url =
        "jdbc:h2:file:%s;DATABASE_TO_LOWER=TRUE"
            .formatted(directory.resolve("catalog").toAbsolutePath());
    return new CatalogDatabase() {
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
        // the file goes with the test's temporary directory
      }
    };
  }
}
