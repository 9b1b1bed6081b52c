-- Aid (bantuan): programs, applications with documents and screening results, exclusion
-- lists, field surveys, maker-checker batches, recipients (payments / handovers).
CREATE TABLE aid_programs (
    id UUID PRIMARY KEY,
    region TEXT NOT NULL,
    nama TEXT NOT NULL,
    jenis TEXT NOT NULL,
    sumber_dana TEXT NOT NULL,
    tahun INTEGER NOT NULL,
    pagu BIGINT NOT NULL,
    nilai_per_penerima BIGINT NOT NULL,
    mulai DATE,
    selesai DATE,
    target_region TEXT NOT NULL,
    kuota INTEGER NOT NULL,
    dokumen_wajib TEXT NOT NULL DEFAULT '',
    barang TEXT NOT NULL DEFAULT '[]',
    aturan TEXT NOT NULL DEFAULT '{"version":1,"blocks":[]}',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX aid_programs_region ON aid_programs(region text_pattern_ops);

CREATE TABLE aid_applications (
    id UUID PRIMARY KEY,
    program_id UUID NOT NULL REFERENCES aid_programs(id),
    region TEXT NOT NULL,
    owner_id UUID NOT NULL REFERENCES owners(id),
    business_id UUID REFERENCES businesses(id),
    nik TEXT NOT NULL,
    no_kk TEXT NOT NULL DEFAULT '',
    nama TEXT NOT NULL,
    bank TEXT NOT NULL DEFAULT '',
    no_rekening TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    keputusan TEXT NOT NULL DEFAULT '',
    kategori TEXT NOT NULL DEFAULT '',
    alasan TEXT NOT NULL DEFAULT '',
    hasil_aturan TEXT NOT NULL DEFAULT '[]',
    diskrining_at TIMESTAMPTZ,
    catatan_tinjau TEXT NOT NULL DEFAULT '',
    surveyor_id UUID,
    survei_status TEXT NOT NULL DEFAULT '',
    usaha_ada BOOLEAN,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    catatan_survei TEXT NOT NULL DEFAULT '',
    foto_survei_id UUID,
    disurvei_at TIMESTAMPTZ,
    batch_id UUID,
    sumber TEXT NOT NULL DEFAULT 'input',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    -- One application per NIK per program.
    CONSTRAINT aid_applications_program_nik UNIQUE (program_id, nik)
);
CREATE INDEX aid_applications_program ON aid_applications(program_id, status);
CREATE INDEX aid_applications_region ON aid_applications(region text_pattern_ops);
CREATE INDEX aid_applications_surveyor ON aid_applications(surveyor_id);

CREATE TABLE aid_documents (
    id UUID PRIMARY KEY,
    application_id UUID NOT NULL REFERENCES aid_applications(id),
    region TEXT NOT NULL,
    jenis TEXT NOT NULL,
    file_id UUID NOT NULL REFERENCES files(id),
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT aid_documents_kind UNIQUE (application_id, jenis)
);

CREATE TABLE aid_exclusion_lists (
    id UUID PRIMARY KEY,
    region TEXT NOT NULL,
    jenis TEXT NOT NULL,
    versi TEXT NOT NULL,
    jumlah_baris INTEGER NOT NULL,
    file_id UUID REFERENCES files(id),
    uploaded_by UUID,
    uploaded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX aid_exclusion_lists_kind ON aid_exclusion_lists(jenis, uploaded_at);

CREATE TABLE aid_exclusion_entries (
    list_id UUID NOT NULL REFERENCES aid_exclusion_lists(id),
    nik TEXT NOT NULL,
    nama_norm TEXT NOT NULL DEFAULT '',
    tanggal_lahir DATE
);
CREATE INDEX aid_exclusion_entries_nik ON aid_exclusion_entries(list_id, nik);
CREATE INDEX aid_exclusion_entries_nama ON aid_exclusion_entries(list_id, nama_norm, tanggal_lahir);

CREATE TABLE aid_batches (
    id UUID PRIMARY KEY,
    program_id UUID NOT NULL REFERENCES aid_programs(id),
    region TEXT NOT NULL,
    nomor INTEGER NOT NULL,
    status TEXT NOT NULL,
    jumlah INTEGER NOT NULL,
    total BIGINT NOT NULL,
    diusulkan_oleh UUID NOT NULL,
    diusulkan_at TIMESTAMPTZ NOT NULL,
    diputuskan_oleh UUID,
    diputuskan_at TIMESTAMPTZ,
    catatan TEXT NOT NULL DEFAULT '',
    sk_nomor TEXT NOT NULL DEFAULT '',
    sk_tanggal DATE,
    CONSTRAINT aid_batches_number UNIQUE (program_id, nomor),
    -- Maker-checker: whoever proposed a batch never decides it.
    CONSTRAINT aid_batches_maker_checker CHECK (diputuskan_oleh IS NULL OR diputuskan_oleh <> diusulkan_oleh)
);

-- Who receives, and the state of their payment or handover. The same NIK is paid at most
-- once per program: the unique constraint holds under concurrent approvals and crashes.
CREATE TABLE aid_recipients (
    id UUID PRIMARY KEY,
    program_id UUID NOT NULL REFERENCES aid_programs(id),
    region TEXT NOT NULL,
    application_id UUID NOT NULL REFERENCES aid_applications(id),
    batch_id UUID NOT NULL REFERENCES aid_batches(id),
    nik TEXT NOT NULL,
    nama TEXT NOT NULL,
    bank TEXT NOT NULL DEFAULT '',
    no_rekening TEXT NOT NULL DEFAULT '',
    nilai BIGINT NOT NULL,
    status TEXT NOT NULL,
    referensi TEXT NOT NULL,
    percobaan INTEGER NOT NULL DEFAULT 0,
    catatan TEXT NOT NULL DEFAULT '',
    foto_serah_id UUID,
    diserahkan_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT aid_recipients_program_nik UNIQUE (program_id, nik),
    CONSTRAINT aid_recipients_application UNIQUE (application_id)
);
CREATE INDEX aid_recipients_batch ON aid_recipients(batch_id);
