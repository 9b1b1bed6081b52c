-- Word search in the registry list (issue 3): one row per distinct word of a business's name
-- and its owner's name, carrying both sort keys and the region, so a search for a word (or a
-- word prefix) walks an index in list order and stops after one page. `search_words` is the
-- vocabulary a prefix is expanded against (one branch per word found).
CREATE TABLE business_tokens (
    business_id BLOB NOT NULL,
    token TEXT NOT NULL,
    region TEXT NOT NULL,
    nama_norm TEXT NOT NULL,
    owner_nama_norm TEXT NOT NULL,
    PRIMARY KEY (business_id, token)
) WITHOUT ROWID;
CREATE TABLE search_words (token TEXT PRIMARY KEY) WITHOUT ROWID;

WITH RECURSIVE w(id, region, nn, onn, rest, word) AS (
    SELECT id, region, nama_norm, owner_nama_norm, nama_norm || ' ' || owner_nama_norm || ' ', NULL FROM businesses
    UNION ALL
    SELECT id, region, nn, onn, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
    FROM w WHERE rest <> ''
)
INSERT OR IGNORE INTO business_tokens (business_id, token, region, nama_norm, owner_nama_norm)
SELECT id, word, region, nn, onn FROM w WHERE word IS NOT NULL AND word <> '';

INSERT OR IGNORE INTO search_words (token) SELECT DISTINCT token FROM business_tokens;

CREATE INDEX business_tokens_nama ON business_tokens(token, nama_norm, business_id, region);
CREATE INDEX business_tokens_pemilik ON business_tokens(token, owner_nama_norm, business_id, region);

-- Photos of a business (products, premises): several per business, images only.
CREATE TABLE business_photos (
    id BLOB PRIMARY KEY,
    business_id BLOB NOT NULL REFERENCES businesses(id),
    region TEXT NOT NULL,
    file_id BLOB NOT NULL REFERENCES files(id),
    keterangan TEXT NOT NULL DEFAULT '',
    created_by BLOB,
    created_at TEXT NOT NULL
);
CREATE INDEX business_photos_business ON business_photos(business_id, created_at);
CREATE INDEX owners_ektp ON owners(ektp_file_id);
