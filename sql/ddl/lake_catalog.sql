-- Reads: nothing. Writes: nothing.
-- Registers the lake (the Watershed Iceberg REST catalog) as catalog `lake` for a job's SQL.
-- The Iceberg key is 'catalog-type' here ('type' is Flink's own key): a wrong key silently
-- falls back to the Hive catalog. The variable catalog.auth adds the catalog's bearer token
-- ('token' = '...', from jobs.catalog-token), empty for a catalog without tokens.
CREATE CATALOG lake WITH (
  'type' = 'iceberg',
  'catalog-type' = 'rest',
  'uri' = '${catalog.uri}'${catalog.auth}
);
