-- The registry word search with a scale or sector filter ("toko" + kecil) checked each word
-- index row against its business: about fifteen random business lookups per row shown when
-- the filter keeps one business in fifteen (p99 67 ms at 944 k businesses under load). The
-- word index rows now carry the business's scale and sector, and the two list indexes end
-- with them, so the filter is an index condition checked on the index entries themselves.
-- Writers keep them in step (search_index::index_entries, called whenever a business is
-- written).
ALTER TABLE business_tokens ADD COLUMN skala TEXT NOT NULL DEFAULT '';
ALTER TABLE business_tokens ADD COLUMN sektor TEXT NOT NULL DEFAULT '';
-- An initial load killed before its indexes were rebuilt left the old definitions waiting.
DELETE FROM deferred_indexes WHERE name IN ('business_tokens_nama', 'business_tokens_pemilik');
DROP INDEX IF EXISTS business_tokens_nama;
DROP INDEX IF EXISTS business_tokens_pemilik;
UPDATE business_tokens t SET skala = b.skala, sektor = b.sektor
FROM businesses b WHERE b.id = t.business_id AND (b.skala <> '' OR b.sektor <> '');
CREATE INDEX business_tokens_nama ON business_tokens(token, nama_norm, business_id, region, skala, sektor);
CREATE INDEX business_tokens_pemilik ON business_tokens(token, owner_nama_norm, business_id, region, skala, sektor);
ANALYZE business_tokens;
