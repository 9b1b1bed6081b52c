//! Eligibility rules as declarative blocks stored as JSON on the program, readable in Bahasa,
//! and their evaluation for one applicant. Every block yields a result (lulus / gagal /
//! tinjau) with a reason a person can check and, when it fails, a BPK audit category.

use std::collections::{HashMap, HashSet};

use berdaya_core::nik::Nik;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// One block of an eligibility rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "blok", rename_all = "snake_case")]
pub enum Rule {
    /// Lives in the program's target region, judged by the NIK's kecamatan or the address.
    Domisili { dasar: Basis },
    NikValid,
    Usia {
        #[serde(default)]
        min: Option<u32>,
        #[serde(default)]
        maks: Option<u32>,
    },
    PunyaUsaha,
    Skala { dalam: Vec<String> },
    UmurUsaha { min_bulan: u32 },
    Sektor { dalam: Vec<String> },
    TidakDalamDaftar { daftar: Vec<String> },
    SatuPerKk,
    DokumenLengkap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Nik,
    Alamat,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub aturan: Vec<Rule>,
}

/// Exclusion list kinds, with their labels and BPK category.
pub const LIST_KINDS: &[(&str, &str, &str)] = &[
    ("asn", "ASN (PNS/PPPK)", "asn_tni_polri_bumn"),
    ("tni", "anggota TNI", "asn_tni_polri_bumn"),
    ("polri", "anggota Polri", "asn_tni_polri_bumn"),
    ("bumn", "pegawai BUMN", "asn_tni_polri_bumn"),
    ("bumd", "pegawai BUMD", "asn_tni_polri_bumn"),
    ("kur", "debitur KUR", "debitur_bank"),
    ("bank", "debitur bank lain", "debitur_bank"),
    ("meninggal", "penduduk meninggal", "meninggal"),
    ("penerima_lain", "penerima program lain tahun ini", "penerima_ganda"),
];

/// BPK 2020 categories of ineligible recipients, with their labels.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("nik_tidak_padan", "NIK tidak padan Dukcapil"),
    ("asn_tni_polri_bumn", "ASN/TNI/Polri/BUMN/BUMD"),
    ("meninggal", "Meninggal dunia"),
    ("nik_anomali", "NIK anomali"),
    ("bukan_mikro", "Bukan usaha mikro"),
    ("debitur_bank", "Debitur KUR/bank"),
    ("penerima_ganda", "Menerima lebih dari sekali"),
    ("lainnya", "Syarat program lain"),
];

pub fn category_label(code: &str) -> &str {
    CATEGORIES.iter().find(|c| c.0 == code).map(|c| c.1).unwrap_or(code)
}

pub fn list_label(kind: &str) -> &str {
    LIST_KINDS.iter().find(|c| c.0 == kind).map(|c| c.1).unwrap_or(kind)
}

impl RuleSet {
    /// Parse and check a stored or submitted rule set; the message says what is wrong.
    pub fn parse(json: &str) -> Result<RuleSet, String> {
        let rs: RuleSet = serde_json::from_str(json).map_err(|e| format!("Aturan tidak dapat dibaca: {e}."))?;
        for r in &rs.aturan {
            match r {
                Rule::Usia { min: Some(a), maks: Some(b) } if a > b => return Err("Usia minimal lebih besar dari usia maksimal.".into()),
                Rule::Skala { dalam } if dalam.is_empty() || dalam.iter().any(|s| berdaya_core::skala::SkalaUsaha::parse(s).is_none()) => {
                    return Err("Pilih skala usaha: mikro, kecil, atau menengah.".into());
                }
                Rule::Sektor { dalam } if dalam.is_empty() || dalam.iter().any(|s| s.len() != 1 || !s.chars().all(|c| c.is_ascii_uppercase())) => {
                    return Err("Sektor ditulis sebagai huruf kategori KBLI (A–U).".into());
                }
                Rule::TidakDalamDaftar { daftar } if daftar.is_empty() || daftar.iter().any(|d| !LIST_KINDS.iter().any(|k| k.0 == d)) => {
                    return Err("Jenis daftar pengecualian tidak dikenal.".into());
                }
                _ => {}
            }
        }
        Ok(rs)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"aturan\":[]}".into())
    }

    /// Each block as a sentence in Bahasa Indonesia.
    pub fn describe(&self) -> Vec<String> {
        let mut out: Vec<String> = self.aturan.iter().map(describe).collect();
        out.push("Satu permohonan per NIK dalam program ini.".into());
        out.push("Kemungkinan orang yang sama dengan NIK lain (nama dan tanggal lahir sama, atau nomor HP sama) ditinjau petugas.".into());
        out
    }
}

fn describe(r: &Rule) -> String {
    match r {
        Rule::Domisili { dasar: Basis::Nik } => "Berdomisili di wilayah sasaran menurut kode kecamatan pada NIK.".into(),
        Rule::Domisili { dasar: Basis::Alamat } => "Berdomisili di wilayah sasaran menurut alamat terdaftar.".into(),
        Rule::NikValid => "NIK sah (16 digit, tanggal lahir dan nomor urut wajar).".into(),
        Rule::Usia { min, maks } => match (min, maks) {
            (Some(a), Some(b)) => format!("Berusia {a} sampai {b} tahun."),
            (Some(a), None) => format!("Berusia paling sedikit {a} tahun."),
            (None, Some(b)) => format!("Berusia paling tinggi {b} tahun."),
            (None, None) => "Usia tidak dibatasi.".into(),
        },
        Rule::PunyaUsaha => "Memiliki usaha yang terdaftar di registri.".into(),
        Rule::Skala { dalam } => format!("Skala usaha (dihitung menurut PP 7/2021): {}.", dalam.join(", ")),
        Rule::UmurUsaha { min_bulan } => format!("Usaha sudah berjalan paling sedikit {min_bulan} bulan."),
        Rule::Sektor { dalam } => format!("Sektor usaha (kategori KBLI): {}.", dalam.join(", ")),
        Rule::TidakDalamDaftar { daftar } => {
            format!("Tidak termasuk: {}.", daftar.iter().map(|d| list_label(d)).collect::<Vec<_>>().join(", "))
        }
        Rule::SatuPerKk => "Satu penerima per Kartu Keluarga.".into(),
        Rule::DokumenLengkap => "Semua dokumen wajib sudah diunggah.".into(),
    }
}

/// The facts about one applicant that the rules look at.
#[derive(Debug, Clone, Default)]
pub struct Subject {
    pub application_id: uuid::Uuid,
    pub nik: String,
    pub no_kk: String,
    pub nama_norm: String,
    pub tanggal_lahir: Option<NaiveDate>,
    pub no_hp: String,
    pub region: String,
    pub has_business: bool,
    pub skala: String,
    pub sektor: String,
    pub tahun_berdiri: Option<i32>,
    pub documents: Vec<String>,
}

/// One exclusion list as lookups: exact NIK, and (name, birth date) for probable matches.
#[derive(Debug, Default)]
pub struct ListIndex {
    pub versi: String,
    pub niks: HashSet<String>,
    pub people: HashSet<(String, NaiveDate)>,
}

/// Everything shared by all applicants of a program.
#[derive(Debug, Default)]
pub struct Context {
    pub today: NaiveDate,
    pub target_region: String,
    pub required_docs: Vec<String>,
    pub lists: HashMap<String, ListIndex>,
    /// NIKs already approved in another program this year.
    pub received_elsewhere: HashSet<String>,
    /// For each KK, the application that came first.
    pub first_of_kk: HashMap<String, uuid::Uuid>,
    /// Applications that look like the same person as another application under another NIK.
    pub probable_same: HashMap<uuid::Uuid, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    pub blok: String,
    /// lulus, gagal, tinjau.
    pub hasil: String,
    pub alasan: String,
    #[serde(default)]
    pub kategori: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// layak, tidak_layak, perlu_ditinjau.
    pub keputusan: String,
    pub kategori: Vec<String>,
    pub alasan: Vec<String>,
    pub hasil: Vec<RuleResult>,
}

fn res(blok: &str, hasil: &str, alasan: impl Into<String>, kategori: &str) -> RuleResult {
    RuleResult { blok: blok.into(), hasil: hasil.into(), alasan: alasan.into(), kategori: kategori.into() }
}

fn in_region(code: &str, target: &str) -> bool {
    target.is_empty() || code == target || code.starts_with(&format!("{target}."))
}

fn age(born: NaiveDate, today: NaiveDate) -> i32 {
    let mut a = today.year() - born.year();
    if (today.month(), today.day()) < (born.month(), born.day()) {
        a -= 1;
    }
    a
}

fn eval_rule(r: &Rule, s: &Subject, cx: &Context) -> RuleResult {
    let nik = Nik::parse(&s.nik).ok();
    match r {
        Rule::Domisili { dasar } => {
            let code = match dasar {
                Basis::Nik => nik.as_ref().map(|n| n.kecamatan_code().dotted()).unwrap_or_default(),
                Basis::Alamat => s.region.clone(),
            };
            if !code.is_empty() && in_region(&code, &cx.target_region) {
                res("domisili", "lulus", format!("Wilayah {code} termasuk wilayah sasaran."), "")
            } else {
                res("domisili", "gagal", format!("Wilayah {} di luar wilayah sasaran {}.", if code.is_empty() { "–" } else { &code }, cx.target_region), "lainnya")
            }
        }
        Rule::NikValid => match &nik {
            Some(_) => res("nik_valid", "lulus", "NIK sah.", ""),
            None => res("nik_valid", "gagal", "NIK tidak sah (format, tanggal lahir, atau nomor urut).", "nik_anomali"),
        },
        Rule::Usia { min, maks } => {
            let born = s.tanggal_lahir.or_else(|| nik.as_ref().map(|n| n.birth_date_with(cx.today)));
            let Some(born) = born else { return res("usia", "tinjau", "Tanggal lahir tidak diketahui.", "") };
            let a = age(born, cx.today);
            let ok = min.is_none_or(|m| a >= m as i32) && maks.is_none_or(|m| a <= m as i32);
            if ok { res("usia", "lulus", format!("Usia {a} tahun."), "") } else { res("usia", "gagal", format!("Usia {a} tahun di luar batas program."), "lainnya") }
        }
        Rule::PunyaUsaha => {
            if s.has_business { res("punya_usaha", "lulus", "Usaha terdaftar.", "") } else { res("punya_usaha", "gagal", "Belum ada usaha terdaftar.", "lainnya") }
        }
        Rule::Skala { dalam } => {
            if s.skala.is_empty() {
                res("skala", "tinjau", "Skala usaha belum dapat dihitung (modal/omzet kosong).", "")
            } else if dalam.iter().any(|d| d == &s.skala) {
                res("skala", "lulus", format!("Skala {}.", s.skala), "")
            } else {
                res("skala", "gagal", format!("Skala {} tidak termasuk {}.", s.skala, dalam.join("/")), "bukan_mikro")
            }
        }
        Rule::UmurUsaha { min_bulan } => match s.tahun_berdiri {
            None => res("umur_usaha", "tinjau", "Tahun berdiri usaha tidak diketahui.", ""),
            Some(y) => {
                let months = (cx.today.year() - y) * 12 + cx.today.month0() as i32;
                if months >= *min_bulan as i32 {
                    res("umur_usaha", "lulus", format!("Usaha berdiri sejak {y}."), "")
                } else {
                    res("umur_usaha", "gagal", format!("Usaha berdiri {y}, kurang dari {min_bulan} bulan."), "lainnya")
                }
            }
        },
        Rule::Sektor { dalam } => {
            if dalam.iter().any(|d| d == &s.sektor) {
                res("sektor", "lulus", format!("Sektor {}.", s.sektor), "")
            } else {
                res("sektor", "gagal", format!("Sektor {} tidak termasuk {}.", if s.sektor.is_empty() { "–" } else { &s.sektor }, dalam.join(", ")), "lainnya")
            }
        }
        Rule::TidakDalamDaftar { daftar } => {
            let mut review = Vec::new();
            for kind in daftar {
                let cat = LIST_KINDS.iter().find(|k| k.0 == kind).map(|k| k.2).unwrap_or("lainnya");
                if kind == "penerima_lain" && cx.received_elsewhere.contains(&s.nik) {
                    return res("tidak_dalam_daftar", "gagal", "NIK sudah menerima bantuan program lain tahun ini.", cat);
                }
                let Some(idx) = cx.lists.get(kind) else { continue };
                if idx.niks.contains(&s.nik) {
                    return res("tidak_dalam_daftar", "gagal", format!("NIK ada di daftar {} (versi {}).", list_label(kind), idx.versi), cat);
                }
                if let Some(d) = s.tanggal_lahir {
                    if idx.people.contains(&(s.nama_norm.clone(), d)) {
                        review.push(format!("nama dan tanggal lahir sama dengan daftar {} (NIK berbeda)", list_label(kind)));
                    }
                }
            }
            if review.is_empty() {
                let missing: Vec<&str> = daftar.iter().filter(|k| *k != "penerima_lain" && !cx.lists.contains_key(*k)).map(|k| list_label(k)).collect();
                let note = if missing.is_empty() { String::new() } else { format!(" Daftar belum diunggah: {}.", missing.join(", ")) };
                res("tidak_dalam_daftar", "lulus", format!("Tidak ada di daftar pengecualian.{note}"), "")
            } else {
                res("tidak_dalam_daftar", "tinjau", format!("Kemungkinan cocok: {}.", review.join("; ")), "")
            }
        }
        Rule::SatuPerKk => {
            if s.no_kk.is_empty() {
                return res("satu_per_kk", "tinjau", "Nomor KK tidak diisi.", "");
            }
            match cx.first_of_kk.get(&s.no_kk) {
                Some(first) if *first != s.application_id => res("satu_per_kk", "gagal", "Anggota KK yang sama sudah mengajukan lebih dulu.", "penerima_ganda"),
                _ => res("satu_per_kk", "lulus", "Satu-satunya (atau yang pertama) dari KK ini.", ""),
            }
        }
        Rule::DokumenLengkap => {
            let missing: Vec<&String> = cx.required_docs.iter().filter(|d| !s.documents.contains(d)).collect();
            if missing.is_empty() {
                res("dokumen_lengkap", "lulus", "Dokumen wajib lengkap.", "")
            } else {
                res("dokumen_lengkap", "gagal", format!("Dokumen belum ada: {}.", missing.iter().map(|d| doc_label(d)).collect::<Vec<_>>().join(", ")), "lainnya")
            }
        }
    }
}

/// Document kinds a program may require.
pub const DOC_KINDS: &[(&str, &str)] = &[
    ("ktp", "Foto e-KTP"),
    ("foto_usaha", "Foto tempat usaha"),
    ("surat_pernyataan", "Surat pernyataan bermaterai"),
    ("sku", "Surat keterangan usaha / IUMK"),
    ("proposal", "Proposal"),
];

pub fn doc_label(kind: &str) -> &str {
    DOC_KINDS.iter().find(|d| d.0 == kind).map(|d| d.1).unwrap_or(kind)
}

/// Every rule over one applicant. Any failure: tidak_layak; else any doubt: perlu_ditinjau.
pub fn evaluate(rules: &RuleSet, s: &Subject, cx: &Context) -> Decision {
    let mut hasil: Vec<RuleResult> = rules.aturan.iter().map(|r| eval_rule(r, s, cx)).collect();
    match cx.probable_same.get(&s.application_id) {
        Some(why) => hasil.push(res("orang_sama", "tinjau", why.clone(), "")),
        None => hasil.push(res("orang_sama", "lulus", "Tidak ada permohonan lain yang mirip.", "")),
    }
    let failed: Vec<&RuleResult> = hasil.iter().filter(|r| r.hasil == "gagal").collect();
    let doubtful: Vec<&RuleResult> = hasil.iter().filter(|r| r.hasil == "tinjau").collect();
    let (keputusan, reasons) = if !failed.is_empty() {
        ("tidak_layak", failed.clone())
    } else if !doubtful.is_empty() {
        ("perlu_ditinjau", doubtful)
    } else {
        ("layak", vec![])
    };
    let mut kategori: Vec<String> = failed.iter().map(|r| r.kategori.clone()).filter(|k| !k.is_empty()).collect();
    kategori.dedup();
    Decision {
        keputusan: keputusan.into(),
        kategori,
        alasan: reasons.iter().map(|r| r.alasan.clone()).collect(),
        hasil,
    }
}

#[cfg(test)]
mod tests;
