-- PostgreSQL gives the word index's sort key columns COLLATE "C" in this migration; SQLite
-- already compares text bytewise (BINARY), so nothing changes here.
SELECT 1;
