//! The target schema of an owner/business import, as data: every field with its Bahasa
//! label, what kind of value it holds and the header words that point to it.
//!
//! Header patterns are written in the canonical tokens of [`crate::mapping::normalize`]:
//! "omset", "Omzet", "OMZET" all become `omzet`; "bln"/"bulanan" → `bulan`;
//! "Tgl"/"Tanggal" → `tanggal`; "Kec." → `kecamatan`; "Kel." → `kelurahan`;
//! "Telp"/"Telepon" → `telepon`; "HP"/"Handphone" → `hp`; "WA"/"WhatsApp" → `wa`;
//! "Jenis Kelamin"/"JK"/"Gender" → `jk`; "Tenaga Kerja"/"Karyawan"/"TK" → `tk`;
//! "Laki-laki"/"Pria" → `l`; "Perempuan"/"Wanita" → `p`; "Kartu Keluarga" → `kk`.
//! A pattern matches when all its tokens are in the header; the most specific pattern
//! (most tokens) wins. A leading `?` marks a weak pattern (low confidence).

use serde::{Deserialize, Serialize};

/// A field an imported column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Nik,
    NoKk,
    Nama,
    JenisKelamin,
    TempatLahir,
    TanggalLahir,
    /// "Tempat/Tgl Lahir" in one cell: "Bontang, 15-05-1990".
    Ttl,
    Alamat,
    RtRw,
    KodeDesa,
    Desa,
    Kecamatan,
    NoHp,
    Email,
    Pendidikan,
    Disabilitas,
    NamaUsaha,
    Nib,
    Kbli,
    Sektor,
    BentukUsaha,
    AlamatUsaha,
    TahunBerdiri,
    Modal,
    OmzetBulanan,
    OmzetTahunan,
    TenagaKerja,
    TenagaKerjaL,
    TenagaKerjaP,
    Produk,
    /// The scale the owner reported (kept beside the computed one).
    SkalaUsaha,
    Catatan,
}

/// Whether a field describes the person or the business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldGroup {
    Owner,
    Business,
}

/// What a field's cells hold (drives parsing in `convert`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Nik,
    NoKk,
    Sex,
    Date,
    PlaceAndDate,
    RegionCode,
    Phone,
    Email,
    Nib,
    Kbli,
    Year,
    Money,
    Count,
    Flag,
}

#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub field: Field,
    pub key: &'static str,
    pub label: &'static str,
    pub group: FieldGroup,
    pub kind: FieldKind,
    /// Several columns may feed it (their texts are joined).
    pub multi: bool,
    pub patterns: &'static [&'static str],
    /// A header with any of these tokens is not this field.
    pub excludes: &'static [&'static str],
}

use Field as F;
use FieldGroup::{Business as B, Owner as O};
use FieldKind as K;

const REGION_WORDS: &[&str] = &[
    "kecamatan",
    "kelurahan",
    "desa",
    "rt",
    "rw",
    "kode",
    "email",
    "kabupaten",
    "kota",
    "provinsi",
];

macro_rules! spec {
    ($f:expr, $key:literal, $label:literal, $g:expr, $k:expr, $multi:literal, [$($p:literal),*], $ex:expr) => {
        FieldSpec { field: $f, key: $key, label: $label, group: $g, kind: $k, multi: $multi, patterns: &[$($p),*], excludes: $ex }
    };
}

/// The schema, in the order the mapping page lists it.
#[rustfmt::skip]
pub static FIELDS: &[FieldSpec] = &[
    spec!(F::Nik, "nik", "NIK", O, K::Nik, false, ["nik", "ktp", "nik ktp"], &[]),
    spec!(F::NoKk, "no_kk", "Nomor KK", O, K::NoKk, false, ["kk"], &[]),
    spec!(F::Nama, "nama", "Nama Pemilik", O, K::Text, false,
        ["nama", "nama lengkap", "nama pemilik", "pemilik", "nama pelaku", "pelaku usaha", "nama pengusaha", "nama peserta", "nama responden"],
        &["kecamatan", "kelurahan", "desa", "ibu", "ayah", "produk", "kota", "kabupaten", "pendamping", "petugas", "bank"]),
    spec!(F::JenisKelamin, "jenis_kelamin", "Jenis Kelamin", O, K::Sex, false, ["jk", "l p"], &["tk"]),
    spec!(F::TempatLahir, "tempat_lahir", "Tempat Lahir", O, K::Text, false, ["tempat lahir"], &["tanggal"]),
    spec!(F::TanggalLahir, "tanggal_lahir", "Tanggal Lahir", O, K::Date, false, ["tanggal lahir", "?lahir"], &["tempat"]),
    spec!(F::Ttl, "ttl", "Tempat, Tanggal Lahir", O, K::PlaceAndDate, false, ["ttl", "tempat tanggal lahir", "tempat tanggal"], &[]),
    spec!(F::Alamat, "alamat", "Alamat", O, K::Text, false,
        ["alamat", "alamat rumah", "alamat domisili", "alamat ktp", "alamat pemilik", "domisili", "jalan"],
        &["usaha", "toko", "lokasi", "kecamatan", "kelurahan", "desa", "rt", "rw", "kode", "email", "kabupaten", "kota", "provinsi"]),
    spec!(F::RtRw, "rt_rw", "RT/RW", O, K::Text, false, ["rt", "rw", "rt rw"], &[]),
    spec!(F::KodeDesa, "kode_desa", "Kode Desa/Kelurahan", O, K::RegionCode, false,
        ["kode desa", "kode kelurahan", "kode wilayah", "kode kemendagri"], &[]),
    spec!(F::Desa, "desa", "Desa/Kelurahan", O, K::Text, false, ["desa", "kelurahan", "kelurahan desa"], &["kode"]),
    spec!(F::Kecamatan, "kecamatan", "Kecamatan", O, K::Text, false, ["kecamatan", "kode kecamatan"], &[]),
    spec!(F::NoHp, "no_hp", "No. HP/WA", O, K::Phone, false, ["hp", "wa", "telepon", "kontak", "hp wa"], &[]),
    spec!(F::Email, "email", "Email", O, K::Email, false, ["email"], &[]),
    spec!(F::Pendidikan, "pendidikan", "Pendidikan Terakhir", O, K::Text, false, ["pendidikan", "ijazah"], &[]),
    spec!(F::Disabilitas, "disabilitas", "Disabilitas", O, K::Flag, false,
        ["disabilitas", "difabel", "kebutuhan khusus"], &[]),
    spec!(F::NamaUsaha, "nama_usaha", "Nama Usaha", B, K::Text, false,
        ["nama usaha", "nama toko", "nama merek", "merek", "nama perusahaan", "brand", "?usaha"],
        &["pelaku", "pemilik", "pengusaha", "peserta", "alamat", "jenis", "bidang", "bentuk", "sektor", "modal", "omzet",
          "tahun", "lokasi", "skala", "kategori", "badan", "izin", "lama", "mulai", "kode", "status", "tk", "produk"]),
    spec!(F::Nib, "nib", "NIB", B, K::Nib, false, ["nib"], &[]),
    spec!(F::Kbli, "kbli", "KBLI", B, K::Kbli, false, ["kbli", "kode kbli"], &[]),
    spec!(F::Sektor, "sektor", "Sektor/Jenis Usaha", B, K::Text, false,
        ["sektor", "jenis usaha", "bidang usaha", "kategori usaha", "lapangan usaha", "sektor usaha", "bidang", "?jenis"],
        &["skala", "bentuk", "badan", "kbli", "produk", "jk"]),
    spec!(F::BentukUsaha, "bentuk_usaha", "Bentuk Usaha", B, K::Text, false,
        ["bentuk usaha", "bentuk", "badan usaha", "badan hukum", "status badan"], &[]),
    spec!(F::AlamatUsaha, "alamat_usaha", "Alamat Usaha", B, K::Text, false,
        ["alamat usaha", "alamat toko", "lokasi usaha", "lokasi", "tempat usaha"], REGION_WORDS),
    spec!(F::TahunBerdiri, "tahun_berdiri", "Tahun Berdiri", B, K::Year, false,
        ["tahun berdiri", "berdiri", "mulai usaha", "tahun mulai", "sejak", "tahun usaha"], &[]),
    spec!(F::Modal, "modal", "Modal Usaha (Rp)", B, K::Money, false, ["modal", "modal usaha", "?aset", "?kekayaan"], &[]),
    spec!(F::OmzetBulanan, "omzet_bulanan", "Omzet per Bulan (Rp)", B, K::Money, false,
        ["omzet bulan", "penjualan bulan", "pendapatan bulan", "?omzet", "?penjualan", "?pendapatan"], &["tahun"]),
    spec!(F::OmzetTahunan, "omzet_tahunan", "Omzet per Tahun (Rp)", B, K::Money, false,
        ["omzet tahun", "penjualan tahun", "pendapatan tahun"], &["bulan"]),
    spec!(F::TenagaKerja, "tenaga_kerja", "Jumlah Tenaga Kerja", B, K::Count, false, ["tk", "jumlah tk"], &[]),
    spec!(F::TenagaKerjaL, "tenaga_kerja_l", "Tenaga Kerja Laki-laki", B, K::Count, false, ["tk l"], &["p"]),
    spec!(F::TenagaKerjaP, "tenaga_kerja_p", "Tenaga Kerja Perempuan", B, K::Count, false, ["tk p"], &["l"]),
    spec!(F::Produk, "produk", "Produk", B, K::Text, true,
        ["produk", "jenis produk", "nama produk", "komoditi", "komoditas", "hasil produksi", "barang"], &[]),
    spec!(F::SkalaUsaha, "skala_usaha", "Skala Usaha (dilaporkan)", B, K::Text, false,
        ["skala", "skala usaha", "klasifikasi", "kategori umkm", "klasifikasi usaha"], &[]),
    spec!(F::Catatan, "catatan", "Catatan", O, K::Text, true, ["keterangan", "catatan"], &[]),
];

impl Field {
    pub fn spec(self) -> &'static FieldSpec {
        // FIELDS lists every variant in declaration order (checked by a test).
        &FIELDS[self as usize]
    }

    pub fn key(self) -> &'static str {
        self.spec().key
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    pub fn kind(self) -> FieldKind {
        self.spec().kind
    }

    pub fn group(self) -> FieldGroup {
        self.spec().group
    }

    pub fn from_key(key: &str) -> Option<Field> {
        FIELDS.iter().find(|s| s.key == key).map(|s| s.field)
    }

    pub fn all() -> impl Iterator<Item = Field> {
        FIELDS.iter().map(|s| s.field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_table_is_in_declaration_order_and_keys_match_serde() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field as usize, i, "{}", spec.key);
            let json = serde_json::to_string(&spec.field).expect("json");
            assert_eq!(json, format!("\"{}\"", spec.key));
            assert_eq!(Field::from_key(spec.key), Some(spec.field));
        }
    }
}
