//! Program and batch forms (and API bodies) parsed into values, with messages in Bahasa.

use berdaya_core::KodeWilayah;
use berdaya_core::kbli::KategoriKbli;
use berdaya_core::rupiah::Rupiah;
use berdaya_core::skala::SkalaUsaha;
use berdaya_core::tanggal::parse_date;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// Funding sources (sumber dana) with their labels.
pub const FUNDING: [(&str, &str); 5] = [
    ("apbn", "APBN"),
    ("dak_nonfisik", "DAK non-fisik (APBN)"),
    ("apbd_provinsi", "APBD provinsi"),
    ("apbd_kabkota", "APBD kabupaten/kota"),
    ("lainnya", "Lainnya"),
];

pub fn funding_label(code: &str) -> &'static str {
    FUNDING.iter().find(|(c, _)| *c == code).map(|(_, l)| *l).unwrap_or("–")
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ProgramInput {
    pub judul: String,
    /// Competency taught, e.g. "Manajemen mutu produksi" (same competency = same text).
    pub kompetensi: String,
    /// apbn, dak_nonfisik, apbd_provinsi, apbd_kabkota, lainnya.
    pub sumber_dana: String,
    pub mata_anggaran: String,
    /// Budget ceiling in rupiah ("Rp 150.000.000", "150 juta").
    pub pagu: String,
    pub tahun_anggaran: String,
}

pub struct ProgramFields {
    pub judul: String,
    pub kompetensi: String,
    pub sumber_dana: String,
    pub mata_anggaran: String,
    pub pagu: i64,
    pub tahun_anggaran: i32,
}

fn text(f: &mut FieldErrors, field: &str, v: &str, max: usize, required: &str) -> String {
    let v = v.trim();
    if v.is_empty() && !required.is_empty() {
        f.add(field, required);
    }
    if v.chars().count() > max {
        f.add(field, format!("Maksimal {max} karakter."));
    }
    v.chars().take(max).collect()
}

fn int(f: &mut FieldErrors, field: &str, v: &str, min: i32, max: i32, label: &str) -> Option<i32> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i32>() {
        Ok(n) if (min..=max).contains(&n) => Some(n),
        _ => {
            f.add(field, format!("{label} harus bilangan bulat {min}–{max}."));
            None
        }
    }
}

pub fn parse_program(i: &ProgramInput, today: NaiveDate, f: &mut FieldErrors) -> ProgramFields {
    let judul = text(f, "judul", &i.judul, 200, "Judul pelatihan wajib diisi.");
    let kompetensi = text(f, "kompetensi", &i.kompetensi, 120, "Kompetensi/materi pokok wajib diisi.");
    let sumber_dana = i.sumber_dana.trim().to_string();
    if !FUNDING.iter().any(|(c, _)| *c == sumber_dana) {
        f.add("sumber_dana", "Pilih sumber dana.");
    }
    let mata_anggaran = text(f, "mata_anggaran", &i.mata_anggaran, 200, "");
    let pagu = if i.pagu.trim().is_empty() {
        0
    } else {
        match Rupiah::parse(&i.pagu) {
            Ok(r) => r.amount(),
            Err(e) => {
                f.add("pagu", format!("Pagu tidak valid: {e}."));
                0
            }
        }
    };
    let year = chrono::Datelike::year(&today);
    let tahun_anggaran = match int(f, "tahun_anggaran", &i.tahun_anggaran, 2000, year + 2, "Tahun anggaran") {
        Some(t) => t,
        None => {
            if i.tahun_anggaran.trim().is_empty() {
                f.add("tahun_anggaran", "Tahun anggaran wajib diisi.");
            }
            0
        }
    };
    ProgramFields { judul, kompetensi, sumber_dana, mata_anggaran, pagu, tahun_anggaran }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BatchInput {
    /// e.g. "Angkatan I".
    pub nama: String,
    pub tempat: String,
    pub kuota: String,
    /// Optional maximum of selected participants per kecamatan.
    pub kuota_kecamatan: String,
    /// Region code participants must live in (empty: anywhere in scope).
    pub kriteria_wilayah: String,
    /// KBLI category letter (empty: any).
    pub kriteria_sektor: String,
    /// mikro/kecil/menengah (empty: any).
    pub kriteria_skala: String,
    /// "" any, "usaha" existing businesses, "calon" calon wirausaha.
    pub kriteria_jenis: String,
    /// Minimum attendance in percent (default 75).
    pub min_kehadiran: String,
    /// Optional minimum post-test score (0–100).
    pub min_post_test: String,
    /// dd/mm/yyyy or "27 Juli 2020".
    pub tanggal_mulai: String,
    pub tanggal_selesai: String,
    /// Daily time of the sessions created for each day (new batches only), "08:00".
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub penandatangan_nama: String,
    pub penandatangan_jabatan: String,
}

pub struct BatchFields {
    pub nama: String,
    pub tempat: String,
    pub kuota: i32,
    pub kuota_kecamatan: Option<i32>,
    pub kriteria_wilayah: String,
    pub kriteria_sektor: String,
    pub kriteria_skala: String,
    pub kriteria_jenis: String,
    pub min_kehadiran: i32,
    pub min_post_test: Option<i32>,
    pub tanggal_mulai: NaiveDate,
    pub tanggal_selesai: NaiveDate,
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub penandatangan_nama: String,
    pub penandatangan_jabatan: String,
}

/// Start and end time (08:00–16:00 when empty); the end must come after the start.
fn hours(f: &mut FieldErrors, mulai: &str, selesai: &str) -> (String, String) {
    let jam_mulai = parse_time(f, "jam_mulai", mulai, "08:00");
    let jam_selesai = parse_time(f, "jam_selesai", selesai, "16:00");
    if jam_selesai <= jam_mulai {
        f.add("jam_selesai", "Jam selesai harus setelah jam mulai.");
    }
    (jam_mulai, jam_selesai)
}

/// "8:00", "08.00" → "08:00".
pub fn parse_time(f: &mut FieldErrors, field: &str, v: &str, default: &str) -> String {
    let v = v.trim();
    if v.is_empty() {
        return default.into();
    }
    let parts: Vec<&str> = v.split([':', '.']).collect();
    if let [h, m] = parts.as_slice()
        && let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>())
        && h < 24
        && m < 60
    {
        return format!("{h:02}:{m:02}");
    }
    f.add(field, "Jam tidak valid; tulis seperti 08:00.");
    default.into()
}

fn date(f: &mut FieldErrors, field: &str, v: &str, today: NaiveDate, label: &str) -> Option<NaiveDate> {
    if v.trim().is_empty() {
        f.add(field, format!("{label} wajib diisi."));
        return None;
    }
    match parse_date(v, today) {
        Ok(d) => Some(d),
        Err(e) => {
            f.add(field, format!("{label} tidak valid: {e}."));
            None
        }
    }
}

pub fn parse_batch(i: &BatchInput, today: NaiveDate, f: &mut FieldErrors) -> BatchFields {
    let nama = text(f, "nama", &i.nama, 120, "Nama angkatan wajib diisi (mis. Angkatan I).");
    let tempat = text(f, "tempat", &i.tempat, 200, "Tempat pelaksanaan wajib diisi.");
    let kuota = int(f, "kuota", &i.kuota, 1, 10_000, "Kuota");
    if i.kuota.trim().is_empty() {
        f.add("kuota", "Kuota peserta wajib diisi.");
    }
    let kuota_kecamatan = int(f, "kuota_kecamatan", &i.kuota_kecamatan, 1, 10_000, "Kuota per kecamatan");
    let kriteria_wilayah = i.kriteria_wilayah.trim().to_string();
    if !kriteria_wilayah.is_empty() && KodeWilayah::parse(&kriteria_wilayah).is_err() {
        f.add("kriteria_wilayah", "Kode wilayah sasaran tidak valid.");
    }
    let kriteria_sektor = i.kriteria_sektor.trim().to_uppercase();
    if !kriteria_sektor.is_empty() && kriteria_sektor.chars().next().and_then(KategoriKbli::from_letter).is_none() {
        f.add("kriteria_sektor", "Pilih kategori KBLI yang ada.");
    }
    let kriteria_skala = i.kriteria_skala.trim().to_lowercase();
    if !kriteria_skala.is_empty() && SkalaUsaha::parse(&kriteria_skala).is_none() {
        f.add("kriteria_skala", "Skala harus mikro, kecil atau menengah.");
    }
    let kriteria_jenis = i.kriteria_jenis.trim().to_lowercase();
    if !["", "usaha", "calon"].contains(&kriteria_jenis.as_str()) {
        f.add("kriteria_jenis", "Pilih sasaran: semua, pelaku usaha, atau calon wirausaha.");
    }
    let min_kehadiran = int(f, "min_kehadiran", &i.min_kehadiran, 1, 100, "Minimal kehadiran").unwrap_or(75);
    let min_post_test = int(f, "min_post_test", &i.min_post_test, 0, 100, "Nilai minimal post-test");
    let mulai = date(f, "tanggal_mulai", &i.tanggal_mulai, today, "Tanggal mulai");
    let selesai = date(f, "tanggal_selesai", &i.tanggal_selesai, today, "Tanggal selesai");
    if let (Some(a), Some(b)) = (mulai, selesai) {
        if b < a {
            f.add("tanggal_selesai", "Tanggal selesai tidak boleh sebelum tanggal mulai.");
        } else if (b - a).num_days() > 90 {
            f.add("tanggal_selesai", "Satu angkatan paling lama 90 hari; buat angkatan lain.");
        }
    }
    let (jam_mulai, jam_selesai) = hours(f, &i.jam_mulai, &i.jam_selesai);
    BatchFields {
        nama,
        tempat,
        kuota: kuota.unwrap_or(0),
        kuota_kecamatan,
        kriteria_wilayah,
        kriteria_sektor,
        kriteria_skala,
        kriteria_jenis,
        min_kehadiran,
        min_post_test,
        tanggal_mulai: mulai.unwrap_or(today),
        tanggal_selesai: selesai.unwrap_or(today),
        jam_mulai,
        jam_selesai,
        penandatangan_nama: text(f, "penandatangan_nama", &i.penandatangan_nama, 120, ""),
        penandatangan_jabatan: text(f, "penandatangan_jabatan", &i.penandatangan_jabatan, 120, ""),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SessionInput {
    pub tanggal: String,
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub topik: String,
    pub narasumber: String,
}

pub struct SessionFields {
    pub tanggal: NaiveDate,
    pub jam_mulai: String,
    pub jam_selesai: String,
    pub topik: String,
    pub narasumber: String,
}

pub fn parse_session(i: &SessionInput, today: NaiveDate, f: &mut FieldErrors) -> SessionFields {
    let tanggal = date(f, "tanggal", &i.tanggal, today, "Tanggal sesi").unwrap_or(today);
    let (jam_mulai, jam_selesai) = hours(f, &i.jam_mulai, &i.jam_selesai);
    SessionFields {
        tanggal,
        jam_mulai,
        jam_selesai,
        topik: text(f, "topik", &i.topik, 200, ""),
        narasumber: text(f, "narasumber", &i.narasumber, 200, ""),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CostInput {
    pub tanggal: String,
    /// e.g. "Sewa ruang Hotel Bintang Sintuk 3 hari".
    pub uraian: String,
    pub jumlah: String,
}

pub fn parse_cost(i: &CostInput, today: NaiveDate, f: &mut FieldErrors) -> (NaiveDate, String, i64) {
    let tanggal = date(f, "tanggal", &i.tanggal, today, "Tanggal").unwrap_or(today);
    let uraian = text(f, "uraian", &i.uraian, 200, "Uraian biaya wajib diisi.");
    let jumlah = match Rupiah::parse(&i.jumlah) {
        Ok(r) if r.amount() > 0 => r.amount(),
        Ok(_) => {
            f.add("jumlah", "Jumlah harus lebih dari nol.");
            0
        }
        Err(e) => {
            f.add("jumlah", format!("Jumlah tidak valid: {e}."));
            0
        }
    };
    (tanggal, uraian, jumlah)
}
