-- The registry list filtered by scale or sector walks these in name order (no sort of the
-- whole table); a permit filter looks businesses up by permit kind.
CREATE INDEX businesses_skala_nama ON businesses(skala, nama_norm, id);
CREATE INDEX businesses_sektor_nama ON businesses(sektor, nama_norm, id);
CREATE INDEX business_permits_jenis ON business_permits(jenis, business_id);
