-- Word search in the registry list (issue 3): one row per distinct word of a business's name
-- and its owner's name, carrying both sort keys and the region, so a search for a word (or a
-- word prefix) walks an index in list order and stops after one page. `search_words` is the
-- vocabulary a prefix is expanded against (one branch per word found). Words compare
-- bytewise (COLLATE "C") so a prefix is an index range.
CREATE TABLE business_tokens (
    business_id UUID NOT NULL,
    token TEXT COLLATE "C" NOT NULL,
    region TEXT NOT NULL,
    nama_norm TEXT NOT NULL,
    owner_nama_norm TEXT NOT NULL,
    PRIMARY KEY (business_id, token)
);
CREATE TABLE search_words (token TEXT COLLATE "C" PRIMARY KEY);

INSERT INTO business_tokens (business_id, token, region, nama_norm, owner_nama_norm)
SELECT DISTINCT b.id, w.word, b.region, b.nama_norm, b.owner_nama_norm
FROM businesses b, unnest(string_to_array(b.nama_norm || ' ' || b.owner_nama_norm, ' ')) AS w(word)
WHERE w.word <> '';

INSERT INTO search_words (token) SELECT DISTINCT token FROM business_tokens;

CREATE INDEX business_tokens_nama ON business_tokens(token, nama_norm, business_id, region);
CREATE INDEX business_tokens_pemilik ON business_tokens(token, owner_nama_norm, business_id, region);

-- Photos of a business (products, premises): several per business, images only.
CREATE TABLE business_photos (
    id UUID PRIMARY KEY,
    business_id UUID NOT NULL REFERENCES businesses(id),
    region TEXT NOT NULL,
    file_id UUID NOT NULL REFERENCES files(id),
    keterangan TEXT NOT NULL DEFAULT '',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX business_photos_business ON business_photos(business_id, created_at);
CREATE INDEX owners_ektp ON owners(ektp_file_id);
