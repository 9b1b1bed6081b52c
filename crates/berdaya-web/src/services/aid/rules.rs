//! Eligibility rules: the rule set, its validation and Bahasa descriptions, and the
//! evaluation come from `berdaya-screen`; this module holds what the aid pages add around it
//! (document kinds, exclusion list kinds as stored, category labels) and turns a
//! berdaya-screen decision into what an application stores.

use std::collections::{BTreeSet, HashMap};

use berdaya_store::{Db, StoreError, regions};
pub use berdaya_screen::{BpkCategory, Block, Decision, DomicileBasis, ExclusionKind, Outcome, Rule, RuleResult, RuleSet, Status};

/// Exclusion list kinds as stored with an upload (`jenis`), in the order offered.
pub const LIST_KINDS: &[&str] = &["asn", "tni", "polri", "bumn", "bumd", "kur", "bank", "meninggal", "penerima_lain"];

pub fn list_kind(jenis: &str) -> Option<ExclusionKind> {
    ExclusionKind::parse(jenis)
}

/// The civil-registry extract (Dukcapil: NIK, name, birth date) uploaded like a list; the
/// "NIK padan Dukcapil" rule matches applicants against its newest version.
pub const REGISTRY_KIND: &str = "dukcapil";

/// Every kind an upload may have: the exclusion lists, then the civil-registry extract.
pub fn upload_kinds() -> impl Iterator<Item = &'static str> {
    LIST_KINDS.iter().copied().chain(std::iter::once(REGISTRY_KIND))
}

/// "daftar ASN", "daftar penduduk meninggal dunia", …
pub fn list_label(jenis: &str) -> String {
    if jenis == REGISTRY_KIND {
        return "data kependudukan Dukcapil (pencocokan NIK dan nama)".into();
    }
    list_kind(jenis).map(|k| k.label().to_string()).unwrap_or_else(|| jenis.to_string())
}

pub fn category_label(code: &str) -> String {
    BpkCategory::parse(code).map(|c| c.label().to_string()).unwrap_or_else(|| code.to_string())
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

/// An empty rule set (what a program without rules stores).
pub fn empty() -> RuleSet {
    RuleSet::new(Vec::new())
}

/// Parse and validate a rule set; all problems in one message in Bahasa.
pub fn parse(json: &str) -> Result<RuleSet, String> {
    RuleSet::from_json(json).map_err(|errs| errs.iter().map(|e| e.message.clone()).collect::<Vec<_>>().join("; "))
}

/// The rule set as screened: one application per NIK is always checked (it also sends the
/// probable same person under another NIK to review).
pub fn effective(rs: &RuleSet) -> RuleSet {
    let mut out = rs.clone();
    if !out.blocks.iter().any(|b| matches!(b.rule, Rule::OnePerNik)) {
        out.blocks.push(Block::new("", Rule::OnePerNik));
        out.fill_ids();
    }
    out
}

/// Each block as a sentence in Bahasa, region codes shown by their names from `names`
/// (the code itself when a name is missing).
pub fn describe(rs: &RuleSet, names: &HashMap<String, String>) -> Vec<String> {
    effective(rs).describe(&|code: &str| names.get(code).cloned())
}

/// Names of the regions a rule set mentions, from the regions table ("64.74" → "Kota Bontang").
pub async fn region_names(db: &Db, rs: &RuleSet) -> Result<HashMap<String, String>, StoreError> {
    let codes: BTreeSet<&str> = rs
        .blocks
        .iter()
        .filter_map(|b| match &b.rule {
            Rule::Domicile { regions, .. } => Some(regions.iter().map(String::as_str)),
            _ => None,
        })
        .flatten()
        .collect();
    names_of(db, codes).await
}

/// Names of region codes; unknown codes are left out.
pub async fn names_of<'a>(db: &Db, codes: impl IntoIterator<Item = &'a str>) -> Result<HashMap<String, String>, StoreError> {
    let mut out = HashMap::new();
    for code in codes.into_iter().collect::<BTreeSet<_>>() {
        if let Some(r) = regions::get(db, code).await? {
            out.insert(code.to_string(), r.nama);
        }
    }
    Ok(out)
}

/// [`describe`] with the names looked up.
pub async fn describe_named(db: &Db, rs: &RuleSet) -> Result<Vec<String>, StoreError> {
    Ok(describe(rs, &region_names(db, rs).await?))
}

/// What an application stores from a decision.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// layak, tidak_layak, perlu_ditinjau.
    pub keputusan: String,
    pub kategori: Vec<String>,
    pub alasan: String,
    pub hasil: Vec<RuleResult>,
}

pub fn verdict(d: &Decision) -> Verdict {
    Verdict {
        keputusan: match d.status {
            Status::Eligible => "layak",
            Status::NeedsReview => "perlu_ditinjau",
            Status::NotEligible => "tidak_layak",
        }
        .into(),
        kategori: if d.status == Status::NotEligible { d.categories().iter().map(|c| c.as_str().to_string()).collect() } else { Vec::new() },
        alasan: d.reasons_joined(),
        hasil: d.results.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_kinds_map_to_screen_lists_and_rule_sets_read_in_bahasa() {
        for k in LIST_KINDS {
            assert!(list_kind(k).is_some(), "{k}");
        }
        assert_eq!(list_kind("meninggal"), Some(ExclusionKind::Deceased));
        let rs = parse(r#"{"version":1,"blocks":[{"type":"nik_valid"},{"type":"not_excluded","lists":["asn","kur"]}]}"#).unwrap();
        let text = describe(&rs, &HashMap::new()).join(" ");
        assert!(text.contains("KUR"), "{text}");
        let dom = parse(r#"{"version":1,"blocks":[{"type":"domicile","regions":["64.74","64.72"],"basis":"nik"}]}"#).unwrap();
        let names = HashMap::from([("64.74".to_string(), "Kota Bontang".to_string())]);
        let text = describe(&dom, &names).join(" ");
        assert!(text.contains("Kota Bontang") && !text.contains("64.74") && text.contains("64.72"), "{text}");
        assert_eq!(effective(&rs).blocks.len(), 3, "one per NIK is always checked");
        assert!(parse(r#"{"version":1,"blocks":[{"type":"terbang"}]}"#).unwrap_err().contains("tidak dikenal"));
    }
}
