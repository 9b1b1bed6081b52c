-- A permit few businesses hold (one in 600 has a halal certificate) made the registry list
-- walk the name order probing each business for it. Each permit a business holds (its `izin`
-- set, NIB excepted: most businesses hold one) is now a row of the word index under the token
-- `#izin:<code>`, so its holders are an index range in list order, with region, scale and
-- sector, like a word's. Writers keep them in step (search_index::tokens). These are the
-- permits of the businesses already stored.
INSERT INTO business_tokens (business_id, token, region, nama_norm, owner_nama_norm, skala, sektor)
SELECT b.id, '#izin:' || k.code, b.region, b.nama_norm, b.owner_nama_norm, b.skala, b.sektor
FROM businesses b
JOIN (SELECT 'pirt' AS code UNION ALL SELECT 'halal' UNION ALL SELECT 'bpom' UNION ALL SELECT 'merek') k
    ON b.izin LIKE '%,' || k.code || ',%'
ON CONFLICT (business_id, token) DO NOTHING;
