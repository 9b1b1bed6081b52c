-- PostgreSQL gives the registry's sort keys and region codes COLLATE "C" in this migration
-- (one index then serves ORDER BY and the region prefix); SQLite already compares text
-- bytewise (BINARY), so nothing changes here.
SELECT 1;
