-- Duplicate review queue (record linkage over the registry), merges with history, and the
-- match model saved by the last run (used by the entry form's duplicate warning).
ALTER TABLE owners ADD COLUMN merged_into UUID;

CREATE TABLE duplicate_pairs (
    id UUID PRIMARY KEY,
    region TEXT NOT NULL,
    owner_a UUID NOT NULL REFERENCES owners(id),
    owner_b UUID NOT NULL REFERENCES owners(id),
    weight DOUBLE PRECISION NOT NULL,
    probability DOUBLE PRECISION NOT NULL,
    explanation TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'baru',
    note TEXT NOT NULL DEFAULT '',
    decided_by UUID,
    decided_at TIMESTAMPTZ,
    job_id UUID,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (owner_a, owner_b)
);
CREATE INDEX duplicate_pairs_queue ON duplicate_pairs(status, region text_pattern_ops, weight);

CREATE TABLE owner_merges (
    id UUID PRIMARY KEY,
    region TEXT NOT NULL,
    survivor_id UUID NOT NULL REFERENCES owners(id),
    merged_id UUID NOT NULL REFERENCES owners(id),
    merged_record TEXT NOT NULL,
    moved TEXT NOT NULL,
    pair_id UUID,
    merged_by UUID,
    merged_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX owner_merges_survivor ON owner_merges(survivor_id);

CREATE TABLE match_models (
    region TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    records BIGINT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Exact NIB search in the registry list.
CREATE INDEX businesses_nib ON businesses(nib);
