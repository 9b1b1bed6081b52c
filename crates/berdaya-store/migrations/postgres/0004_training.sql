-- Training (pelatihan): programs, batches (angkatan) with sessions and costs, participants,
-- attendance, certificates with per-agency yearly numbering, evaluations and follow-ups.
CREATE TABLE training_programs (
    id UUID PRIMARY KEY,
    agency_id UUID NOT NULL REFERENCES agencies(id),
    region TEXT NOT NULL,
    judul TEXT NOT NULL,
    kompetensi TEXT NOT NULL,
    kompetensi_norm TEXT NOT NULL,
    sumber_dana TEXT NOT NULL,
    mata_anggaran TEXT NOT NULL DEFAULT '',
    pagu BIGINT NOT NULL DEFAULT 0,
    tahun_anggaran INTEGER NOT NULL,
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_programs_region ON training_programs(region text_pattern_ops);

CREATE TABLE training_batches (
    id UUID PRIMARY KEY,
    program_id UUID NOT NULL REFERENCES training_programs(id),
    region TEXT NOT NULL,
    nama TEXT NOT NULL,
    tempat TEXT NOT NULL DEFAULT '',
    kuota INTEGER NOT NULL,
    kuota_kecamatan INTEGER,
    kriteria_wilayah TEXT NOT NULL DEFAULT '',
    kriteria_sektor TEXT NOT NULL DEFAULT '',
    kriteria_skala TEXT NOT NULL DEFAULT '',
    kriteria_jenis TEXT NOT NULL DEFAULT '',
    min_kehadiran INTEGER NOT NULL DEFAULT 75,
    min_post_test INTEGER,
    tanggal_mulai DATE NOT NULL,
    tanggal_selesai DATE NOT NULL,
    penandatangan_nama TEXT NOT NULL DEFAULT '',
    penandatangan_jabatan TEXT NOT NULL DEFAULT '',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_batches_program ON training_batches(program_id);
CREATE INDEX training_batches_region ON training_batches(region text_pattern_ops, tanggal_mulai);

CREATE TABLE training_sessions (
    id UUID PRIMARY KEY,
    batch_id UUID NOT NULL REFERENCES training_batches(id),
    region TEXT NOT NULL,
    tanggal DATE NOT NULL,
    jam_mulai TEXT NOT NULL,
    jam_selesai TEXT NOT NULL,
    topik TEXT NOT NULL DEFAULT '',
    narasumber TEXT NOT NULL DEFAULT ''
);
CREATE INDEX training_sessions_batch ON training_sessions(batch_id, tanggal, jam_mulai);

CREATE TABLE training_costs (
    id UUID PRIMARY KEY,
    batch_id UUID NOT NULL REFERENCES training_batches(id),
    region TEXT NOT NULL,
    tanggal DATE NOT NULL,
    uraian TEXT NOT NULL,
    jumlah BIGINT NOT NULL,
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX training_costs_batch ON training_costs(batch_id);

-- status: peserta (selected), cadangan (waitlist, by antrean), mundur (withdrawn).
CREATE TABLE training_participants (
    id UUID PRIMARY KEY,
    batch_id UUID NOT NULL REFERENCES training_batches(id),
    owner_id UUID NOT NULL REFERENCES owners(id),
    region TEXT NOT NULL,
    owner_region TEXT NOT NULL,
    kecamatan TEXT NOT NULL,
    status TEXT NOT NULL,
    antrean INTEGER,
    pre_test INTEGER,
    post_test INTEGER,
    peringatan TEXT NOT NULL DEFAULT '',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT training_participants_once UNIQUE (batch_id, owner_id)
);
CREATE INDEX training_participants_owner ON training_participants(owner_id);

-- One row per participant present at a session.
CREATE TABLE training_attendance (
    session_id UUID NOT NULL REFERENCES training_sessions(id),
    participant_id UUID NOT NULL REFERENCES training_participants(id),
    batch_id UUID NOT NULL,
    region TEXT NOT NULL,
    PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX training_attendance_batch ON training_attendance(batch_id);

-- The last certificate number given by an agency in a year (taken with UPDATE … RETURNING).
CREATE TABLE certificate_counters (
    agency_id UUID NOT NULL,
    tahun INTEGER NOT NULL,
    last_no INTEGER NOT NULL,
    PRIMARY KEY (agency_id, tahun)
);

CREATE TABLE training_certificates (
    id UUID PRIMARY KEY,
    participant_id UUID NOT NULL UNIQUE REFERENCES training_participants(id),
    batch_id UUID NOT NULL REFERENCES training_batches(id),
    agency_id UUID NOT NULL,
    region TEXT NOT NULL,
    tahun INTEGER NOT NULL,
    nomor_urut INTEGER NOT NULL,
    nomor TEXT NOT NULL,
    kode TEXT NOT NULL UNIQUE,
    nama TEXT NOT NULL,
    judul TEXT NOT NULL,
    tanggal DATE NOT NULL,
    dicabut_at TIMESTAMPTZ,
    alasan_cabut TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT training_certificates_number UNIQUE (agency_id, tahun, nomor_urut)
);
CREATE INDEX training_certificates_batch ON training_certificates(batch_id);

CREATE TABLE training_evaluations (
    participant_id UUID PRIMARY KEY REFERENCES training_participants(id),
    batch_id UUID NOT NULL,
    region TEXT NOT NULL,
    skor_materi INTEGER NOT NULL,
    skor_narasumber INTEGER NOT NULL,
    skor_tempat INTEGER NOT NULL,
    saran TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);

-- A follow-up recorded at 3, 6 or 12 months after the batch; figures go to business_snapshots.
CREATE TABLE training_followups (
    id UUID PRIMARY KEY,
    participant_id UUID NOT NULL REFERENCES training_participants(id),
    batch_id UUID NOT NULL,
    region TEXT NOT NULL,
    bulan INTEGER NOT NULL,
    mulai_usaha BOOLEAN NOT NULL DEFAULT FALSE,
    business_id UUID,
    omzet_bulanan BIGINT,
    tenaga_kerja INTEGER,
    capaian TEXT NOT NULL DEFAULT '',
    catatan TEXT NOT NULL DEFAULT '',
    created_by UUID,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT training_followups_once UNIQUE (participant_id, bulan)
);
CREATE INDEX training_followups_batch ON training_followups(batch_id);
