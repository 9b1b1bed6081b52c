//! Column headers: what `berdaya gen bpum` writes and the usual Indonesian headers.

use chrono::NaiveDate;

/// A header with names normalised to `lower_snake` (`"No. HP"` → `no_hp`).
pub(crate) struct Header {
    pub raw: Vec<String>,
    norm: Vec<String>,
}

pub(crate) fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

impl Header {
    pub(crate) fn new(raw: Vec<String>) -> Header {
        let norm = raw.iter().map(|s| norm(s)).collect();
        Header { raw, norm }
    }

    /// The first column whose normalised name is one of `aliases` (tried in order).
    pub(crate) fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|a| self.norm.iter().position(|n| n == a))
    }

    /// Whether a column for the field named `field` (a key of [`aliases`]) exists.
    pub(crate) fn has(&self, field: &str) -> bool {
        self.find(aliases(field)).is_some()
    }

    /// The column of a field by its key.
    pub(crate) fn col(&self, field: &str) -> Option<usize> {
        self.find(aliases(field))
    }
}

/// Accepted header names per field, normalised.
pub(crate) fn aliases(field: &str) -> &'static [&'static str] {
    match field {
        "nik" => &[
            "nik", "no_nik", "nomor_nik", "nik_ktp", "nik_pemohon", "nik_debitur", "no_ktp",
            "nomor_ktp", "nomor_induk_kependudukan",
        ],
        "no_kk" => &["no_kk", "nomor_kk", "kk", "nomor_kartu_keluarga", "no_kartu_keluarga"],
        "nama" => &[
            "nama", "nama_lengkap", "nama_pemohon", "nama_pelaku_usaha", "nama_penerima",
            "nama_debitur", "nama_pegawai", "nama_sesuai_ktp", "nama_pemilik",
        ],
        "jenis_kelamin" => &["jenis_kelamin", "jk", "l_p", "kelamin", "sex"],
        "tanggal_lahir" => &["tanggal_lahir", "tgl_lahir", "tgl_lhr", "tanggal_lahir_dd_mm_yyyy"],
        "no_hp" => &[
            "no_hp", "nomor_hp", "hp", "no_telp", "no_telepon", "nomor_telepon", "telepon",
            "no_handphone", "no_wa", "nomor_whatsapp", "no_hp_wa",
        ],
        "kode_desa" => &[
            "kode_desa", "kode_kelurahan", "kode_desa_kelurahan", "kode_wilayah",
            "kode_wilayah_alamat", "kode_kel_desa",
        ],
        "kbli" => &["kbli", "kode_kbli", "kbli_2020"],
        "nib" => &["nib", "nomor_induk_berusaha", "no_nib"],
        "izin" => &["iumk", "no_iumk", "sku", "no_sku", "surat_keterangan_usaha"],
        "nama_usaha" => &["nama_usaha", "usaha", "jenis_usaha", "bidang_usaha"],
        "punya_usaha" => &["memiliki_usaha", "punya_usaha", "status_usaha"],
        "modal" => &["modal_usaha", "modal", "modal_usaha_rp", "aset", "nilai_aset"],
        "omzet_bulan" => &[
            "omzet_per_bulan", "omzet_bulanan", "omset_per_bulan", "omset_bulanan",
            "omzet_perbulan", "penjualan_per_bulan", "omzet",
        ],
        "omzet_tahun" => &[
            "omzet_per_tahun", "omzet_tahunan", "omset_per_tahun", "omset_tahunan",
            "hasil_penjualan_tahunan", "penjualan_per_tahun",
        ],
        "skala" => &["skala_usaha", "skala"],
        "mulai_usaha" => &[
            "tanggal_mulai_usaha", "tgl_mulai_usaha", "mulai_usaha", "tanggal_berdiri",
            "tahun_berdiri", "tahun_mulai_usaha", "berdiri_sejak",
        ],
        "dokumen" => &["dokumen", "dokumen_lengkap", "berkas", "kelengkapan_dokumen"],
        "status" => &["status", "status_pinjaman", "status_kredit", "status_debitur", "keterangan"],
        "kategori" => &["kategori", "jenis_pegawai", "status_kepegawaian"],
        "instansi" => &["instansi", "unit_kerja", "satuan_kerja", "perusahaan"],
        "bank" => &["bank", "penyalur", "nama_bank", "lembaga_penyalur"],
        "hidup" => &["hidup", "status_hidup", "masih_hidup"],
        "meninggal" => &["meninggal", "status_meninggal", "sudah_meninggal"],
        "tanggal_meninggal" => &["tanggal_meninggal", "tgl_meninggal", "tanggal_kematian"],
        _ => &[],
    }
}

/// `dd/mm/yyyy`, `yyyy-mm-dd` quickly; anything else through the project's date parser.
pub(crate) fn parse_date(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
        })
    };
    if b.len() == 10 {
        if (b[2] == b'/' || b[2] == b'-') && b[5] == b[2] {
            let (d, m, y) = (num(0..2)?, num(3..5)?, num(6..10)?);
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
        if b[4] == b'-' && b[7] == b'-' {
            let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
            return NaiveDate::from_ymd_opt(y as i32, m, d);
        }
    }
    if s.is_empty() {
        return None;
    }
    if b.len() == 4
        && let Some(y) = num(0..4)
    {
        // A year alone: the last day of it (the business is at least that old).
        return berdaya_core::tanggal::founding_year_date(y as i32);
    }
    berdaya_core::tanggal::parse_date(s, today).ok()
}

/// `f` of the trimmed, lower-cased `s` (short ASCII cells without allocating).
fn lowered<R>(s: &str, f: impl FnOnce(&str) -> R) -> R {
    let t = s.trim();
    let mut buf = [0u8; 24];
    if t.len() <= buf.len() && t.is_ascii() {
        let b = &mut buf[..t.len()];
        b.copy_from_slice(t.as_bytes());
        b.make_ascii_lowercase();
        if let Ok(l) = std::str::from_utf8(b) {
            return f(l);
        }
    }
    f(&t.to_lowercase())
}

/// Yes/no cells: `1`, `ya`, `y`, `true`, `hidup`, `aktif`, `ada` → `Some(true)`.
pub(crate) fn parse_yes(s: &str) -> Option<bool> {
    lowered(s, |l| match l {
        "1" | "ya" | "y" | "yes" | "true" | "benar" | "ada" | "hidup" | "aktif" => Some(true),
        "0" | "tidak" | "t" | "no" | "false" | "salah" | "tidak ada" | "meninggal"
        | "meninggal dunia" | "mati" => Some(false),
        _ => None,
    })
}

/// A KUR/bank status that no longer excludes (loan paid off or closed).
pub(crate) fn is_closed_status(s: &str) -> bool {
    lowered(s, |l| {
        matches!(
            l,
            "lunas" | "tidak aktif" | "nonaktif" | "non aktif" | "selesai" | "closed" | "ditutup"
        )
    })
}
