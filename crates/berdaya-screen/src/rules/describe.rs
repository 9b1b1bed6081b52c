//! Blocks in plain Bahasa, for the operator who builds the rules and the person who reads a
//! decision.

use berdaya_core::tanggal::fmt_panjang;

use super::{Block, DomicileBasis, Rule};

/// Names of regions by Kemendagri code (the web module answers from its region table).
pub trait RegionNames {
    /// `"Kota Bontang"` for `"64.74"`; `None` when unknown (the code is shown instead).
    fn name(&self, code: &str) -> Option<String>;
}

/// No names: codes are shown as they are.
pub struct NoRegionNames;

impl RegionNames for NoRegionNames {
    fn name(&self, _code: &str) -> Option<String> {
        None
    }
}

impl<F: Fn(&str) -> Option<String>> RegionNames for F {
    fn name(&self, code: &str) -> Option<String> {
        self(code)
    }
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} atau {last}", init.join(", ")),
    }
}

impl Block {
    /// One sentence in Bahasa, e.g. "Berdomisili di Kota Bontang (menurut NIK)".
    pub fn describe(&self, names: &dyn RegionNames) -> String {
        match &self.rule {
            Rule::Domicile { regions, basis } => {
                let places: Vec<String> = regions
                    .iter()
                    .map(|c| names.name(c).unwrap_or_else(|| format!("wilayah {c}")))
                    .collect();
                let basis = match basis {
                    DomicileBasis::Nik => "menurut NIK",
                    DomicileBasis::Alamat => "menurut alamat terdaftar",
                };
                format!("Berdomisili di {} ({basis})", join_or(&places))
            }
            Rule::NikValid => "NIK sah (16 digit, kode wilayah, tanggal lahir dan nomor urut benar)".into(),
            Rule::Dukcapil => {
                "NIK padan dengan data Dukcapil (nama dan tanggal lahir sama) dan pemilik NIK masih hidup".into()
            }
            Rule::Age {
                min_years,
                max_years,
                on,
            } => {
                let on = fmt_panjang(*on);
                match (min_years, max_years) {
                    (Some(a), Some(b)) => format!("Berusia {a}–{b} tahun pada {on}"),
                    (Some(a), None) => format!("Berusia paling sedikit {a} tahun pada {on}"),
                    (None, Some(b)) => format!("Berusia paling tinggi {b} tahun pada {on}"),
                    (None, None) => format!("Usia pada {on} (tanpa batas)"),
                }
            }
            Rule::BusinessRequired => "Memiliki usaha yang terdaftar (NIB, IUMK/SKU atau registri)".into(),
            Rule::Scale { allowed } => {
                let s: Vec<String> = allowed.iter().map(|s| format!("usaha {}", s.as_str())).collect();
                format!("Skala usaha menurut PP 7/2021: {}", join_or(&s))
            }
            Rule::BusinessAge { min_months, on } => format!(
                "Usaha sudah berjalan paling sedikit {min_months} bulan pada {}",
                fmt_panjang(*on)
            ),
            Rule::Sector { allowed } => {
                let s: Vec<String> = allowed.iter().map(|a| sector_label(a)).collect();
                format!("Bidang usaha (KBLI): {}", join_or(&s))
            }
            Rule::NotExcluded { lists } => {
                let s: Vec<String> = lists.iter().map(|k| k.label().to_string()).collect();
                format!("Tidak tercantum dalam {}", join_or(&s))
            }
            Rule::OnePerNik => "Satu NIK hanya sekali dalam program ini".into(),
            Rule::OnePerKk => "Satu Kartu Keluarga (KK) hanya sekali dalam program ini".into(),
            Rule::Documents { required } => {
                format!("Dokumen lengkap: {}", required.join(", "))
            }
        }
    }
}

fn sector_label(a: &str) -> String {
    let t = a.trim();
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && let Some(k) = berdaya_core::KategoriKbli::from_letter(c.to_ascii_uppercase())
    {
        return format!("kategori {} ({})", k.letter(), k.name());
    }
    format!("kode {t}")
}
