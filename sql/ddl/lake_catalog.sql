-- Reads: nothing. Writes: nothing.
-- Registers the lake (the Watershed Iceberg REST catalog) as catalog `lake` for a job's SQL.
-- The Iceberg key is 'catalog-type' here ('type' is Flink's own key): a wrong key silently
-- falls back to the Hive catalog.
CREATE CATALOG lake WITH (
  'type' = 'iceberg',
  'catalog-type' = 'rest',
  'uri' = '${catalog.uri}'
);
