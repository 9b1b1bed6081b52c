-- The registry list walks businesses in name order (sort key, id) and limits the scope by a
-- region prefix. With the database's default collation an index built with
-- text_pattern_ops serves LIKE 'prefix%' but not ORDER BY, so the plain list sorted every
-- business in scope (1 M businesses: ~230 ms alone, over 1 s under load). The sort keys and
-- region codes compare bytewise instead (COLLATE "C", as SQLite's BINARY does and as the
-- word index already does since 0013): one plain index then serves both the order and the
-- prefix, and keyset positions mean the same on both databases.
DROP INDEX businesses_region_nama;
DROP INDEX businesses_nama;
DROP INDEX businesses_owner_nama;
DROP INDEX owners_region;
DROP INDEX owners_nama;
ALTER TABLE businesses
    ALTER COLUMN nama_norm TYPE TEXT COLLATE "C",
    ALTER COLUMN owner_nama_norm TYPE TEXT COLLATE "C",
    ALTER COLUMN region TYPE TEXT COLLATE "C";
ALTER TABLE owners
    ALTER COLUMN nama_norm TYPE TEXT COLLATE "C",
    ALTER COLUMN region TYPE TEXT COLLATE "C";
CREATE INDEX businesses_region_nama ON businesses(region, nama_norm, id);
CREATE INDEX businesses_nama ON businesses(nama_norm, id);
CREATE INDEX businesses_owner_nama ON businesses(owner_nama_norm, id);
CREATE INDEX owners_region ON owners(region);
CREATE INDEX owners_nama ON owners(nama_norm);
-- The type change drops the columns' statistics; without them the planner guesses and may
-- sort a whole city for one page of a kecamatan.
ANALYZE businesses;
ANALYZE owners;
