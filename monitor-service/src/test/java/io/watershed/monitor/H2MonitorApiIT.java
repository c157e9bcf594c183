package io.watershed.monitor;

import java.nio.file.Path;

/** The API suite over the default store: an embedded H2 file database. */
class H2MonitorApiIT extends MonitorApiConformance {
  @Override
  protected TestDatabase createDatabase(Path directory) {
    return TestDatabase.h2(directory);
  }
}
