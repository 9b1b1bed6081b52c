//! Eligibility rules: the rule set, its validation and Bahasa descriptions, and the
//! evaluation come from `berdaya-screen`; this module holds what the aid pages add around it
//! (document kinds, exclusion list kinds as stored, category labels) and turns a
//! berdaya-screen decision into what an application stores.

use berdaya_screen::rules::NoRegionNames;
pub use berdaya_screen::{BpkCategory, Block, Decision, DomicileBasis, ExclusionKind, Outcome, Rule, RuleResult, RuleSet, Status};

/// Exclusion list kinds as stored with an upload (`jenis`), in the order offered.
pub const LIST_KINDS: &[&str] = &["asn", "tni", "polri", "bumn", "bumd", "kur", "bank", "meninggal", "penerima_lain"];

pub fn list_kind(jenis: &str) -> Option<ExclusionKind> {
    ExclusionKind::parse(jenis)
}

/// "daftar ASN", "daftar penduduk meninggal dunia", …
pub fn list_label(jenis: &str) -> String {
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

/// Each block as a sentence in Bahasa.
pub fn describe(rs: &RuleSet) -> Vec<String> {
    effective(rs).describe(&NoRegionNames)
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
        let text = describe(&rs).join(" ");
        assert!(text.contains("KUR"), "{text}");
        assert_eq!(effective(&rs).blocks.len(), 3, "one per NIK is always checked");
        assert!(parse(r#"{"version":1,"blocks":[{"type":"terbang"}]}"#).unwrap_err().contains("tidak dikenal"));
    }
}
