package io.watershed.monitor.internal.alerts;

import io.watershed.monitor.TestDatabase;
import java.nio.file.Path;

/** The alert outbox over the default store: an embedded H2 file database. */
class H2AlertOutboxIT extends AlertOutboxConformance {
  @Override
  protected TestDatabase createDatabase(Path directory) {
    return TestDatabase.h2(directory);
  }
}
