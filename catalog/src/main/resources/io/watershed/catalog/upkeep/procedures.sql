-- Lake upkeep's Trino statements (TrinoProcedures), one per step, each on one lake table.
-- Reads: the table's data files (optimize), manifests and metadata, its directory (orphans).
-- Writes: a new snapshot of the table (optimize, optimize_manifests, expire_snapshots) and
-- removes files no kept snapshot needs (expire_snapshots, remove_orphan_files).
-- {table} is the quoted "catalog"."schema"."table"; {threshold} and {retention} are literals.

-- name: optimize
ALTER TABLE {table} EXECUTE optimize(file_size_threshold => {threshold})

-- name: optimize_manifests
ALTER TABLE {table} EXECUTE optimize_manifests

-- name: expire_snapshots
ALTER TABLE {table} EXECUTE expire_snapshots(retention_threshold => {retention})

-- name: remove_orphan_files
ALTER TABLE {table} EXECUTE remove_orphan_files(retention_threshold => {retention})

-- name: probe
SELECT 1
