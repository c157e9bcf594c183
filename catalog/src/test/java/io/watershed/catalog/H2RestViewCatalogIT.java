package io.watershed.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Iceberg's ViewCatalogTests through the REST server over an embedded H2 file database. */
class H2RestViewCatalogIT extends RestViewCatalogConformance {
  @TempDir static Path databaseDirectory;
  private static CatalogDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = CatalogDatabase.h2(databaseDirectory);
  }

  @AfterAll
  static void dropDatabase() {
    database.close();
  }

  @Override
  protected CatalogDatabase database() {
    return database;
  }
}
