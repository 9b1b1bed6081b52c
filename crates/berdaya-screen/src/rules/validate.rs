//! Checking a rule set before it is used; messages in Bahasa, naming block and field.

use std::fmt;

use berdaya_core::{KategoriKbli, KodeWilayah};
use serde::Serialize;

use super::{Rule, RuleSet, RULESET_VERSION};

/// One problem in a rule set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleError {
    /// Id of the block (`None` for the rule set as a whole).
    pub block: Option<String>,
    /// Field inside the block (`regions`, `min_years`, …), when one field is at fault.
    pub field: Option<&'static str>,
    pub message: String,
}

impl RuleError {
    fn at(block: &str, field: &'static str, message: impl Into<String>) -> RuleError {
        RuleError {
            block: Some(block.to_string()),
            field: Some(field),
            message: message.into(),
        }
    }

    fn whole(message: impl Into<String>) -> RuleError {
        RuleError {
            block: None,
            field: None,
            message: message.into(),
        }
    }

    pub(crate) fn json(e: &serde_json::Error) -> RuleError {
        RuleError::whole(format!(
            "aturan tidak dapat dibaca (baris {}, kolom {}): {}",
            e.line(),
            e.column(),
            translate_serde(&e.to_string())
        ))
    }
}

/// serde's English messages for the usual mistakes, in Bahasa; anything else as is.
fn translate_serde(msg: &str) -> String {
    let core = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = core.strip_prefix("unknown variant ") {
        let name = rest.split(',').next().unwrap_or(rest);
        return format!("jenis aturan atau nilai {name} tidak dikenal");
    }
    if let Some(rest) = core.strip_prefix("missing field ") {
        return format!("isian {rest} wajib ada");
    }
    if let Some(rest) = core.strip_prefix("invalid type: ") {
        return format!("jenis nilai salah ({rest})");
    }
    if core.starts_with("premature end") || core.starts_with("EOF while parsing") {
        return "teks JSON terpotong".into();
    }
    core.to_string()
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.block, self.field) {
            (Some(b), Some(field)) => write!(f, "aturan \"{b}\", isian {field}: {}", self.message),
            (Some(b), None) => write!(f, "aturan \"{b}\": {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for RuleError {}

pub(super) fn validate(rs: &RuleSet) -> Result<(), Vec<RuleError>> {
    let mut errs = Vec::new();
    if rs.version != RULESET_VERSION {
        errs.push(RuleError::whole(format!(
            "versi aturan {} tidak dikenal (yang didukung: {RULESET_VERSION})",
            rs.version
        )));
    }
    if rs.blocks.is_empty() {
        errs.push(RuleError::whole("aturan kosong: tambahkan paling sedikit satu syarat"));
    }
    let mut seen: Vec<&str> = Vec::new();
    for b in &rs.blocks {
        let id = b.id.as_str();
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
            errs.push(RuleError::at(
                id,
                "id",
                "id aturan hanya boleh berisi huruf, angka, garis bawah atau tanda hubung",
            ));
        }
        if seen.contains(&id) {
            errs.push(RuleError::at(id, "id", "id aturan dipakai lebih dari sekali"));
        }
        seen.push(id);
        check_block(id, &b.rule, &mut errs);
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

fn check_block(id: &str, rule: &Rule, errs: &mut Vec<RuleError>) {
    match rule {
        Rule::Domicile { regions, .. } => {
            if regions.is_empty() {
                errs.push(RuleError::at(id, "regions", "pilih paling sedikit satu wilayah"));
            }
            for r in regions {
                if let Err(e) = KodeWilayah::parse(r) {
                    errs.push(RuleError::at(id, "regions", format!("kode wilayah \"{r}\" tidak sah: {e}")));
                }
            }
        }
        Rule::Age { min_years, max_years, .. } => {
            if min_years.is_none() && max_years.is_none() {
                errs.push(RuleError::at(id, "min_years", "isi usia paling rendah, paling tinggi, atau keduanya"));
            }
            if let (Some(a), Some(b)) = (min_years, max_years)
                && a > b
            {
                errs.push(RuleError::at(
                    id,
                    "max_years",
                    format!("usia paling tinggi ({b}) lebih kecil dari usia paling rendah ({a})"),
                ));
            }
            if max_years.is_some_and(|b| b > 150) {
                errs.push(RuleError::at(id, "max_years", "usia paling tinggi tidak masuk akal (lebih dari 150 tahun)"));
            }
        }
        Rule::Scale { allowed } if allowed.is_empty() => {
            errs.push(RuleError::at(id, "allowed", "pilih paling sedikit satu skala usaha"));
        }
        Rule::BusinessAge { min_months, .. } if *min_months > 1200 => {
            errs.push(RuleError::at(id, "min_months", "lama usaha tidak masuk akal (lebih dari 100 tahun)"));
        }
        Rule::Sector { allowed } => {
            if allowed.is_empty() {
                errs.push(RuleError::at(id, "allowed", "pilih paling sedikit satu kategori atau kode KBLI"));
            }
            for a in allowed {
                if !sector_entry_ok(a) {
                    errs.push(RuleError::at(
                        id,
                        "allowed",
                        format!("\"{a}\" bukan kategori KBLI (huruf A–U) atau awalan kode KBLI (2–5 digit)"),
                    ));
                }
            }
        }
        Rule::NotExcluded { lists } if lists.is_empty() => {
            errs.push(RuleError::at(id, "lists", "pilih paling sedikit satu daftar pengecualian"));
        }
        Rule::Documents { required } => {
            if required.is_empty() {
                errs.push(RuleError::at(id, "required", "sebutkan paling sedikit satu dokumen"));
            }
            if required.iter().any(|d| d.trim().is_empty()) {
                errs.push(RuleError::at(id, "required", "nama dokumen tidak boleh kosong"));
            }
        }
        _ => {}
    }
}

/// A KBLI category letter or a 2–5 digit code prefix.
pub(crate) fn sector_entry_ok(a: &str) -> bool {
    let t = a.trim();
    let mut chars = t.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_alphabetic()
    {
        return KategoriKbli::from_letter(c).is_some();
    }
    (2..=5).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit())
}
