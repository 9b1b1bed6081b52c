-- Registry: owners (pelaku usaha), businesses (usaha), permits, dated snapshots.
CREATE TABLE owners (
    id UUID PRIMARY KEY,
    kabkota TEXT NOT NULL,
    region TEXT NOT NULL,
    nik TEXT NOT NULL,
    no_kk TEXT NOT NULL DEFAULT '',
    nama TEXT NOT NULL,
    nama_norm TEXT NOT NULL,
    jenis_kelamin TEXT NOT NULL DEFAULT '',
    tempat_lahir TEXT NOT NULL DEFAULT '',
    tanggal_lahir DATE,
    alamat TEXT NOT NULL DEFAULT '',
    rt_rw TEXT NOT NULL DEFAULT '',
    no_hp TEXT NOT NULL DEFAULT '',
    whatsapp BOOLEAN NOT NULL DEFAULT FALSE,
    email TEXT NOT NULL DEFAULT '',
    pendidikan TEXT NOT NULL DEFAULT '',
    disabilitas TEXT NOT NULL DEFAULT '',
    ektp_file_id UUID,
    warnings TEXT NOT NULL DEFAULT '',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX owners_region ON owners(region text_pattern_ops);
CREATE INDEX owners_nama ON owners(nama_norm text_pattern_ops);
CREATE INDEX owners_hp ON owners(no_hp);
CREATE INDEX owners_dob ON owners(tanggal_lahir);

-- One owner per NIK in the whole deployment: a lookup table, not a unique index on the
-- (shardable) owners table.
CREATE TABLE owner_nik (
    nik TEXT PRIMARY KEY,
    owner_id UUID NOT NULL
);

CREATE TABLE businesses (
    id UUID PRIMARY KEY,
    owner_id UUID NOT NULL REFERENCES owners(id),
    kabkota TEXT NOT NULL,
    region TEXT NOT NULL,
    nama_usaha TEXT NOT NULL,
    nama_norm TEXT NOT NULL,
    owner_nama_norm TEXT NOT NULL,
    nib TEXT NOT NULL DEFAULT '',
    kbli TEXT NOT NULL DEFAULT '',
    kbli_version INTEGER,
    sektor TEXT NOT NULL DEFAULT '',
    bentuk_usaha TEXT NOT NULL DEFAULT '',
    alamat TEXT NOT NULL DEFAULT '',
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    tahun_berdiri INTEGER,
    modal BIGINT,
    omzet_tahunan BIGINT,
    tk_l INTEGER,
    tk_p INTEGER,
    produk TEXT NOT NULL DEFAULT '',
    skala TEXT NOT NULL DEFAULT '',
    skala_dilaporkan TEXT NOT NULL DEFAULT '',
    kanal TEXT NOT NULL DEFAULT '',
    izin TEXT NOT NULL DEFAULT '',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX businesses_owner ON businesses(owner_id);
CREATE INDEX businesses_region_nama ON businesses(region text_pattern_ops, nama_norm, id);
CREATE INDEX businesses_nama ON businesses(nama_norm text_pattern_ops, id);
CREATE INDEX businesses_owner_nama ON businesses(owner_nama_norm text_pattern_ops, id);
CREATE INDEX businesses_skala ON businesses(skala, region);
CREATE INDEX businesses_sektor ON businesses(sektor, region);

CREATE TABLE business_permits (
    id UUID PRIMARY KEY,
    business_id UUID NOT NULL REFERENCES businesses(id),
    region TEXT NOT NULL,
    jenis TEXT NOT NULL,
    nomor TEXT NOT NULL DEFAULT '',
    tanggal_terbit DATE,
    berlaku_sampai DATE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX business_permits_business ON business_permits(business_id);

CREATE TABLE business_snapshots (
    id UUID PRIMARY KEY,
    business_id UUID NOT NULL REFERENCES businesses(id),
    region TEXT NOT NULL,
    tanggal DATE NOT NULL,
    modal BIGINT,
    omzet_tahunan BIGINT,
    tk_l INTEGER,
    tk_p INTEGER,
    skala TEXT NOT NULL DEFAULT '',
    sumber TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX business_snapshots_business ON business_snapshots(business_id, tanggal);
