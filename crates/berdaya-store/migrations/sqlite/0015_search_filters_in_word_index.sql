-- The registry word search with a scale or sector filter ("toko" + kecil) checked each word
-- index row against its business: about fifteen random business lookups per row shown when
-- the filter keeps one business in fifteen. The word index rows now carry the business's
-- scale and sector, and the two list indexes end with them, so the filter is checked on the
-- index entries themselves. Writers keep them in step (search_index::index_entries, called
-- whenever a business is written).
ALTER TABLE business_tokens ADD COLUMN skala TEXT NOT NULL DEFAULT '';
ALTER TABLE business_tokens ADD COLUMN sektor TEXT NOT NULL DEFAULT '';
UPDATE business_tokens SET skala = b.skala, sektor = b.sektor
FROM businesses b WHERE b.id = business_tokens.business_id;
-- An initial load killed before its indexes were rebuilt left the old definitions waiting.
DELETE FROM deferred_indexes WHERE name IN ('business_tokens_nama', 'business_tokens_pemilik');
DROP INDEX IF EXISTS business_tokens_nama;
DROP INDEX IF EXISTS business_tokens_pemilik;
CREATE INDEX business_tokens_nama ON business_tokens(token, nama_norm, business_id, region, skala, sektor);
CREATE INDEX business_tokens_pemilik ON business_tokens(token, owner_nama_norm, business_id, region, skala, sektor);
