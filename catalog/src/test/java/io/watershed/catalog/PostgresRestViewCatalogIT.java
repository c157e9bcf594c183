package io.watershed.catalog;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Iceberg's ViewCatalogTests through the REST server over the local PostgreSQL. */
class PostgresRestViewCatalogIT extends RestViewCatalogConformance {
  private static PostgresDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = PostgresDatabase.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected CatalogDatabase database() {
    return database;
  }
}
