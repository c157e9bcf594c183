package io.watershed.monitor;

import java.nio.file.Path;

/**
 * The API suite over the local PostgreSQL (127.0.0.1:5432, database {@code test}), in a schema with
 * a random name that is dropped at the end.
 */
class PostgresMonitorApiIT extends MonitorApiConformance {
  @Override
  protected TestDatabase createDatabase(Path directory) {
    return PostgresDatabase.create();
  }
}
