package io.watershed.monitor.internal.alerts;

import io.watershed.monitor.PostgresDatabase;
import io.watershed.monitor.TestDatabase;
import java.nio.file.Path;

/** The alert outbox over the local PostgreSQL, in a schema of its own dropped at the end. */
class PostgresAlertOutboxIT extends AlertOutboxConformance {
  @Override
  protected TestDatabase createDatabase(Path directory) {
    return PostgresDatabase.create();
  }
}
