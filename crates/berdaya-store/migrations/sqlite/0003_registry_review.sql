-- Duplicate review queue (record linkage over the registry), merges with history, and the
-- match model saved by the last run (used by the entry form's duplicate warning).
ALTER TABLE owners ADD COLUMN merged_into BLOB;

CREATE TABLE duplicate_pairs (
    id BLOB PRIMARY KEY,
    region TEXT NOT NULL,
    owner_a BLOB NOT NULL REFERENCES owners(id),
    owner_b BLOB NOT NULL REFERENCES owners(id),
    weight REAL NOT NULL,
    probability REAL NOT NULL,
    explanation TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'baru',
    note TEXT NOT NULL DEFAULT '',
    decided_by BLOB,
    decided_at TEXT,
    job_id BLOB,
    created_at TEXT NOT NULL,
    UNIQUE (owner_a, owner_b)
);
CREATE INDEX duplicate_pairs_queue ON duplicate_pairs(status, region, weight);

CREATE TABLE owner_merges (
    id BLOB PRIMARY KEY,
    region TEXT NOT NULL,
    survivor_id BLOB NOT NULL REFERENCES owners(id),
    merged_id BLOB NOT NULL REFERENCES owners(id),
    merged_record TEXT NOT NULL,
    moved TEXT NOT NULL,
    pair_id BLOB,
    merged_by BLOB,
    merged_at TEXT NOT NULL
);
CREATE INDEX owner_merges_survivor ON owner_merges(survivor_id);

CREATE TABLE match_models (
    region TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    records INTEGER NOT NULL,
    created_at TEXT NOT NULL
);

-- Exact NIB search in the registry list.
CREATE INDEX businesses_nib ON businesses(nib);
