//! The program form as the browser sends it (a flat map), to and from the service input; the
//! rule blocks are checkboxes and small fields that read as sentences in Bahasa.

use std::collections::HashMap;

use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::aid::Program;

use crate::services::aid::rules::{Basis, LIST_KINDS, Rule, RuleSet};
use crate::services::aid::{Item, ProgramInput, items, rule_set};

/// Submitted values by name, for redisplay.
#[derive(Debug, Clone, Default)]
pub struct Values(pub HashMap<String, String>);

impl Values {
    pub fn get(&self, k: &str) -> &str {
        self.0.get(k).map(String::as_str).unwrap_or("")
    }
    pub fn on(&self, k: &str) -> bool {
        matches!(self.get(k), "true" | "on" | "1")
    }
    fn set(&mut self, k: &str, v: impl Into<String>) {
        self.0.insert(k.into(), v.into());
    }
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ' ', ';']).map(|x| x.trim().to_uppercase()).filter(|x| !x.is_empty()).collect()
}

/// Goods, one per line: `nama | satuan | jumlah`.
fn parse_items(text: &str) -> Vec<Item> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let parts: Vec<&str> = l.split('|').map(str::trim).collect();
            Item {
                nama: parts.first().copied().unwrap_or("").into(),
                satuan: parts.get(1).copied().unwrap_or("").into(),
                jumlah: parts.get(2).and_then(|j| j.replace('.', "").parse().ok()).unwrap_or(0),
            }
        })
        .collect()
}

pub fn rules_from(v: &Values) -> Result<RuleSet, String> {
    let mut aturan = Vec::new();
    match v.get("r_domisili") {
        "nik" => aturan.push(Rule::Domisili { dasar: Basis::Nik }),
        "alamat" => aturan.push(Rule::Domisili { dasar: Basis::Alamat }),
        _ => {}
    }
    if v.on("r_nik_valid") {
        aturan.push(Rule::NikValid);
    }
    let num = |k: &str| -> Result<Option<u32>, String> {
        match v.get(k).trim() {
            "" => Ok(None),
            s => s.parse::<u32>().map(Some).map_err(|_| "Batas usia dan umur usaha ditulis sebagai angka.".to_string()),
        }
    };
    let (min, maks) = (num("r_usia_min")?, num("r_usia_maks")?);
    if min.is_some() || maks.is_some() {
        aturan.push(Rule::Usia { min, maks });
    }
    if v.on("r_punya_usaha") {
        aturan.push(Rule::PunyaUsaha);
    }
    let skala: Vec<String> = ["mikro", "kecil", "menengah"].iter().filter(|s| v.on(&format!("r_skala_{s}"))).map(|s| s.to_string()).collect();
    if !skala.is_empty() {
        aturan.push(Rule::Skala { dalam: skala });
    }
    if let Some(m) = num("r_umur_usaha")? {
        aturan.push(Rule::UmurUsaha { min_bulan: m });
    }
    let sektor = split_list(v.get("r_sektor"));
    if !sektor.is_empty() {
        aturan.push(Rule::Sektor { dalam: sektor });
    }
    let daftar: Vec<String> = LIST_KINDS.iter().filter(|k| v.on(&format!("r_daftar_{}", k.0))).map(|k| k.0.to_string()).collect();
    if !daftar.is_empty() {
        aturan.push(Rule::TidakDalamDaftar { daftar });
    }
    if v.on("r_satu_kk") {
        aturan.push(Rule::SatuPerKk);
    }
    if v.on("r_dokumen") {
        aturan.push(Rule::DokumenLengkap);
    }
    RuleSet::parse(&RuleSet { aturan }.to_json())
}

/// The service input from the form; a rule set the form cannot express is reported.
pub fn input_from(v: &Values) -> (ProgramInput, Option<String>) {
    let (aturan, err) = match rules_from(v) {
        Ok(r) => (serde_json::to_value(&r).unwrap_or_default(), None),
        Err(e) => (serde_json::Value::Null, Some(e)),
    };
    let input = ProgramInput {
        nama: v.get("nama").into(),
        jenis: v.get("jenis").into(),
        sumber_dana: v.get("sumber_dana").into(),
        tahun: v.get("tahun").into(),
        pagu: v.get("pagu").into(),
        nilai_per_penerima: v.get("nilai_per_penerima").into(),
        mulai: v.get("mulai").into(),
        selesai: v.get("selesai").into(),
        target_region: v.get("target_region").into(),
        kuota: v.get("kuota").into(),
        dokumen_wajib: crate::services::aid::rules::DOC_KINDS.iter().filter(|d| v.on(&format!("dok_{}", d.0))).map(|d| d.0.to_string()).collect(),
        barang: parse_items(v.get("barang")),
        aturan,
    };
    (input, err)
}

/// Form values from a stored program (for editing).
pub fn values_of(p: &Program) -> Values {
    let mut v = Values::default();
    v.set("nama", &p.nama);
    v.set("jenis", &p.jenis);
    v.set("sumber_dana", &p.sumber_dana);
    v.set("tahun", p.tahun.to_string());
    v.set("pagu", p.pagu.to_string());
    v.set("nilai_per_penerima", p.nilai_per_penerima.to_string());
    v.set("mulai", p.mulai.map(fmt_dmy).unwrap_or_default());
    v.set("selesai", p.selesai.map(fmt_dmy).unwrap_or_default());
    v.set("target_region", &p.target_region);
    v.set("kuota", p.kuota.to_string());
    for d in p.dokumen_wajib.split(',').filter(|d| !d.is_empty()) {
        v.set(&format!("dok_{d}"), "on");
    }
    v.set("barang", items(p).iter().map(|i| format!("{} | {} | {}", i.nama, i.satuan, i.jumlah)).collect::<Vec<_>>().join("\n"));
    for r in rule_set(p).aturan {
        match r {
            Rule::Domisili { dasar } => v.set("r_domisili", if dasar == Basis::Nik { "nik" } else { "alamat" }),
            Rule::NikValid => v.set("r_nik_valid", "on"),
            Rule::Usia { min, maks } => {
                v.set("r_usia_min", min.map(|m| m.to_string()).unwrap_or_default());
                v.set("r_usia_maks", maks.map(|m| m.to_string()).unwrap_or_default());
            }
            Rule::PunyaUsaha => v.set("r_punya_usaha", "on"),
            Rule::Skala { dalam } => dalam.iter().for_each(|s| v.set(&format!("r_skala_{s}"), "on")),
            Rule::UmurUsaha { min_bulan } => v.set("r_umur_usaha", min_bulan.to_string()),
            Rule::Sektor { dalam } => v.set("r_sektor", dalam.join(", ")),
            Rule::TidakDalamDaftar { daftar } => daftar.iter().for_each(|d| v.set(&format!("r_daftar_{d}"), "on")),
            Rule::SatuPerKk => v.set("r_satu_kk", "on"),
            Rule::DokumenLengkap => v.set("r_dokumen", "on"),
        }
    }
    v
}

/// Defaults for a new program: the BPUM-like rule set.
pub fn defaults(year: i32) -> Values {
    let mut v = Values::default();
    v.set("tahun", year.to_string());
    v.set("jenis", "stimulus_modal");
    v.set("r_domisili", "nik");
    for k in ["r_nik_valid", "r_punya_usaha", "r_skala_mikro", "r_daftar_asn", "r_daftar_tni", "r_daftar_polri", "r_daftar_bumn", "r_daftar_bumd", "r_daftar_kur", "r_daftar_meninggal", "r_daftar_penerima_lain", "r_dokumen", "dok_ktp", "dok_foto_usaha"] {
        v.set(k, "on");
    }
    v.set("r_usia_min", "17");
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_and_rules_round_trip() {
        let v = defaults(2026);
        let rs = rules_from(&v).unwrap();
        assert!(rs.describe().iter().any(|s| s.contains("debitur KUR")));
        let mut v2 = v.clone();
        v2.set("r_usia_min", "tujuh belas");
        assert!(rules_from(&v2).is_err());
        assert_eq!(parse_items("Kain katun | meter | 20\nKaret | gulung | 2")[1], Item { nama: "Karet".into(), satuan: "gulung".into(), jumlah: 2 });
    }
}
