//! The program form as the browser sends it (a flat map), to and from the service input; the
//! rule blocks are checkboxes and small fields that read as sentences in Bahasa.

use std::collections::HashMap;

use berdaya_core::tanggal::fmt_dmy;
use berdaya_store::aid::Program;

use berdaya_core::skala::SkalaUsaha;

use crate::services::aid::rules::{self, Block, DOC_KINDS, DomicileBasis, ExclusionKind, LIST_KINDS, Rule, RuleSet, list_kind};
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

pub fn rules_from(v: &Values, default_region: &str) -> Result<RuleSet, String> {
    let today = berdaya_store::now().date_naive();
    let region = if v.get("target_region").trim().is_empty() { default_region.to_string() } else { v.get("target_region").trim().to_string() };
    let mut blocks = Vec::new();
    match v.get("r_domisili") {
        "nik" => blocks.push(Rule::Domicile { regions: vec![region.clone()], basis: DomicileBasis::Nik }),
        "alamat" => blocks.push(Rule::Domicile { regions: vec![region.clone()], basis: DomicileBasis::Alamat }),
        _ => {}
    }
    if v.on("r_nik_valid") {
        blocks.push(Rule::NikValid);
    }
    if v.on("r_dukcapil") {
        blocks.push(Rule::Dukcapil);
    }
    let num = |k: &str| -> Result<Option<u32>, String> {
        match v.get(k).trim() {
            "" => Ok(None),
            s => s.parse::<u32>().map(Some).map_err(|_| "Batas usia dan umur usaha ditulis sebagai angka.".to_string()),
        }
    };
    let (min_years, max_years) = (num("r_usia_min")?, num("r_usia_maks")?);
    if min_years.is_some() || max_years.is_some() {
        blocks.push(Rule::Age { min_years, max_years, on: today });
    }
    if v.on("r_punya_usaha") {
        blocks.push(Rule::BusinessRequired);
    }
    let allowed: Vec<SkalaUsaha> = ["mikro", "kecil", "menengah"].iter().filter(|s| v.on(&format!("r_skala_{s}"))).filter_map(|s| SkalaUsaha::parse(s)).collect();
    if !allowed.is_empty() {
        blocks.push(Rule::Scale { allowed });
    }
    if let Some(m) = num("r_umur_usaha")? {
        blocks.push(Rule::BusinessAge { min_months: m, on: today });
    }
    let sektor = split_list(v.get("r_sektor"));
    if !sektor.is_empty() {
        blocks.push(Rule::Sector { allowed: sektor });
    }
    let lists: Vec<ExclusionKind> = LIST_KINDS.iter().filter(|k| v.on(&format!("r_daftar_{k}"))).filter_map(|k| list_kind(k)).collect();
    if !lists.is_empty() {
        blocks.push(Rule::NotExcluded { lists });
    }
    blocks.push(Rule::OnePerNik);
    if v.on("r_satu_kk") {
        blocks.push(Rule::OnePerKk);
    }
    if v.on("r_dokumen") {
        let required: Vec<String> = DOC_KINDS.iter().filter(|d| v.on(&format!("dok_{}", d.0))).map(|d| d.0.to_string()).collect();
        if required.is_empty() {
            return Err("Syarat dokumen lengkap dipilih, tetapi belum ada dokumen wajib yang dicentang.".into());
        }
        blocks.push(Rule::Documents { required });
    }
    let rs = RuleSet::new(blocks.into_iter().map(|r| Block::new("", r)).collect());
    rules::parse(&rs.to_json())
}

/// The service input from the form; a rule set the form cannot express is reported.
pub fn input_from(v: &Values, default_region: &str) -> (ProgramInput, Option<String>) {
    let (aturan, err) = match rules_from(v, default_region) {
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
        dokumen_wajib: DOC_KINDS.iter().filter(|d| v.on(&format!("dok_{}", d.0))).map(|d| d.0.to_string()).collect(),
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
    for b in rule_set(p).blocks {
        match b.rule {
            Rule::Domicile { basis, .. } => v.set("r_domisili", if basis == DomicileBasis::Nik { "nik" } else { "alamat" }),
            Rule::NikValid => v.set("r_nik_valid", "on"),
            Rule::Age { min_years, max_years, .. } => {
                v.set("r_usia_min", min_years.map(|m| m.to_string()).unwrap_or_default());
                v.set("r_usia_maks", max_years.map(|m| m.to_string()).unwrap_or_default());
            }
            Rule::BusinessRequired => v.set("r_punya_usaha", "on"),
            Rule::Scale { allowed } => allowed.iter().for_each(|s| v.set(&format!("r_skala_{}", s.as_str()), "on")),
            Rule::BusinessAge { min_months, .. } => v.set("r_umur_usaha", min_months.to_string()),
            Rule::Sector { allowed } => v.set("r_sektor", allowed.join(", ")),
            Rule::NotExcluded { lists } => {
                for k in LIST_KINDS.iter().filter(|k| list_kind(k).is_some_and(|x| lists.contains(&x))) {
                    v.set(&format!("r_daftar_{k}"), "on");
                }
            }
            Rule::OnePerKk => v.set("r_satu_kk", "on"),
            Rule::Documents { .. } => v.set("r_dokumen", "on"),
            Rule::Dukcapil => v.set("r_dukcapil", "on"),
            Rule::OnePerNik => {}
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

    fn sample() -> Program {
        let now = berdaya_store::now();
        Program {
            id: uuid::Uuid::nil(),
            region: "64.74".into(),
            nama: "x".into(),
            jenis: "tunai".into(),
            sumber_dana: "APBN".into(),
            tahun: 2026,
            pagu: 1,
            nilai_per_penerima: 1,
            mulai: None,
            selesai: None,
            target_region: "64.74".into(),
            kuota: 1,
            dokumen_wajib: "ktp".into(),
            barang: "[]".into(),
            aturan: String::new(),
            created_by: None,
            created_at: now,
            updated_at: now,
            version: 1,
        }
    }

    #[test]
    fn form_and_rules_round_trip() {
        let v = defaults(2026);
        let rs = rules_from(&v, "64.74").unwrap();
        assert!(rules::describe(&rs, &Default::default()).iter().any(|s| s.contains("debitur KUR")));
        let stored = Program { aturan: rs.to_json(), ..sample() };
        assert_eq!(rules_from(&values_of(&stored), "64.74").unwrap().blocks.len(), rs.blocks.len(), "edit form round trip");
        let mut v2 = v.clone();
        v2.set("r_usia_min", "tujuh belas");
        assert!(rules_from(&v2, "64.74").is_err());
        assert_eq!(parse_items("Kain katun | meter | 20\nKaret | gulung | 2")[1], Item { nama: "Karet".into(), satuan: "gulung".into(), jumlah: 2 });
    }
}
