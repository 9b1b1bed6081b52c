-- The registry word search merges and intersects the word index's ranges in the application,
-- comparing sort keys bytewise (as SQLite's BINARY collation does). The sort key columns of
-- the word index therefore compare bytewise here too, whatever the database's locale
-- (COLLATE "C"; on a C or C.UTF-8 database the order is unchanged). The two list indexes are
-- rebuilt by the type change.
ALTER TABLE business_tokens
    ALTER COLUMN nama_norm TYPE TEXT COLLATE "C",
    ALTER COLUMN owner_nama_norm TYPE TEXT COLLATE "C";
