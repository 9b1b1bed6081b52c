-- Initial registry loads build their secondary indexes after the rows (issue 3). While an
-- index is dropped its definition waits here; the import that dropped it re-creates it, and
-- every start-up (migrate) re-creates whatever a killed import left behind.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    deferred_at TEXT NOT NULL
);
