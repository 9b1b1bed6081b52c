//! Declarative eligibility rules: a [`RuleSet`] is a versioned list of [`Block`]s an operator
//! combines, stored as JSON:
//!
//! ```json
//! {"version": 1, "blocks": [
//!   {"id": "domisili", "type": "domicile", "regions": ["64.74"], "basis": "nik"},
//!   {"type": "nik_valid"},
//!   {"type": "age", "min_years": 17, "on": "2026-07-01"},
//!   {"type": "not_excluded", "lists": ["asn", "kur", "deceased"]}
//! ]}
//! ```
//!
//! A block without `id` gets its type as id (`nik_valid`; a second one `nik_valid_2`):
//! ids are what decisions refer to, so keep them when editing a rule set.

mod describe;
mod validate;

pub use describe::{NoRegionNames, RegionNames};
pub use validate::RuleError;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use berdaya_core::SkalaUsaha;

/// The only rule-set format version so far.
pub const RULESET_VERSION: u32 = 1;

/// A program's eligibility rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSet {
    pub version: u32,
    pub blocks: Vec<Block>,
}

/// One rule an operator can add; `id` is stable across edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(flatten)]
    pub rule: Rule,
}

/// Where the applicant's domicile is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DomicileBasis {
    /// The kecamatan encoded in the NIK (where the NIK was first issued).
    Nik,
    /// The registered address (desa/kelurahan code).
    Alamat,
}

/// Kinds of exclusion list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionKind {
    Asn,
    Tni,
    Polri,
    Bumn,
    Bumd,
    /// KUR debtors (only entries still running exclude; paid-off ones do not).
    Kur,
    /// Other bank debtors.
    Bank,
    /// Deceased (from Dukcapil or the village).
    Deceased,
    /// Recipients of other programs in the same year.
    OtherProgram,
}

/// The rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Rule {
    /// Domicile inside one of the regions (Kemendagri code prefixes: provinsi, kab/kota,
    /// kecamatan or desa), read from the NIK or from the registered address.
    Domicile {
        regions: Vec<String>,
        basis: DomicileBasis,
    },
    /// The NIK is structurally valid (16 digits, region, date, serial).
    NikValid,
    /// The NIK is in the civil-registry view with the same name (and birth date when both
    /// are known) and the person is alive. Skipped (passes) when no registry is given.
    Dukcapil,
    /// Age in whole years on `on` within `[min_years, max_years]` (either bound optional).
    /// The birth date comes from the form, else from the NIK.
    Age {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min_years: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_years: Option<u32>,
        on: NaiveDate,
    },
    /// A registered business is required.
    BusinessRequired,
    /// The computed scale (PP 7/2021) is one of `allowed`.
    Scale { allowed: Vec<SkalaUsaha> },
    /// The business has run at least `min_months` full months on `on`.
    BusinessAge { min_months: u32, on: NaiveDate },
    /// The KBLI code is in one of the categories (`"C"`) or starts with one of the code
    /// prefixes (`"10"`, `"10792"`).
    Sector { allowed: Vec<String> },
    /// Not on any exclusion list of these kinds (exact NIK: not eligible; same name and
    /// birth date under another NIK: needs review).
    NotExcluded { lists: Vec<ExclusionKind> },
    /// One application per NIK in the program. The same person under another NIK (same
    /// name and birth date, or same phone) needs review.
    OnePerNik,
    /// One application per family card (KK).
    OnePerKk,
    /// All of these documents are present.
    Documents { required: Vec<String> },
}

impl Rule {
    /// The type key (`domicile`, `nik_valid`, …), also the default block id.
    pub fn type_key(&self) -> &'static str {
        match self {
            Rule::Domicile { .. } => "domicile",
            Rule::NikValid => "nik_valid",
            Rule::Dukcapil => "dukcapil",
            Rule::Age { .. } => "age",
            Rule::BusinessRequired => "business_required",
            Rule::Scale { .. } => "scale",
            Rule::BusinessAge { .. } => "business_age",
            Rule::Sector { .. } => "sector",
            Rule::NotExcluded { .. } => "not_excluded",
            Rule::OnePerNik => "one_per_nik",
            Rule::OnePerKk => "one_per_kk",
            Rule::Documents { .. } => "documents",
        }
    }

    /// Rules that compare applicants with each other (need the whole list).
    pub fn is_cross_row(&self) -> bool {
        matches!(self, Rule::OnePerNik | Rule::OnePerKk)
    }
}

impl Block {
    pub fn new(id: impl Into<String>, rule: Rule) -> Block {
        Block {
            id: id.into(),
            rule,
        }
    }

    /// The stable id decisions refer to.
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl RuleSet {
    /// A rule set of the current version.
    pub fn new(blocks: Vec<Block>) -> RuleSet {
        let mut rs = RuleSet {
            version: RULESET_VERSION,
            blocks,
        };
        rs.fill_ids();
        rs
    }

    /// Parse and validate JSON; every problem is reported (in Bahasa), not just the first.
    pub fn from_json(json: &str) -> Result<RuleSet, Vec<RuleError>> {
        let mut rs: RuleSet =
            serde_json::from_str(json).map_err(|e| vec![RuleError::json(&e)])?;
        rs.fill_ids();
        rs.validate()?;
        Ok(rs)
    }

    /// Pretty JSON (what [`RuleSet::from_json`] reads back).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Give every block without an id its type key (`_2`, `_3`, … for repeats).
    pub fn fill_ids(&mut self) {
        let mut taken: Vec<String> = self
            .blocks
            .iter()
            .filter(|b| !b.id.is_empty())
            .map(|b| b.id.clone())
            .collect();
        for b in &mut self.blocks {
            if b.id.is_empty() {
                let base = b.rule.type_key();
                let mut id = base.to_string();
                let mut n = 2;
                while taken.contains(&id) {
                    id = format!("{base}_{n}");
                    n += 1;
                }
                taken.push(id.clone());
                b.id = id;
            }
        }
    }

    /// Check the rule set; errors name the block and field, in Bahasa.
    pub fn validate(&self) -> Result<(), Vec<RuleError>> {
        validate::validate(self)
    }

    /// Exclusion-list kinds any block needs.
    pub fn exclusion_kinds(&self) -> Vec<ExclusionKind> {
        let mut out: Vec<ExclusionKind> = Vec::new();
        for b in &self.blocks {
            if let Rule::NotExcluded { lists } = &b.rule {
                for k in lists {
                    if !out.contains(k) {
                        out.push(*k);
                    }
                }
            }
        }
        out
    }

    /// One sentence per block, in Bahasa.
    pub fn describe(&self, names: &dyn RegionNames) -> Vec<String> {
        self.blocks.iter().map(|b| b.describe(names)).collect()
    }
}

impl ExclusionKind {
    pub const ALL: [ExclusionKind; 9] = [
        ExclusionKind::Asn,
        ExclusionKind::Tni,
        ExclusionKind::Polri,
        ExclusionKind::Bumn,
        ExclusionKind::Bumd,
        ExclusionKind::Kur,
        ExclusionKind::Bank,
        ExclusionKind::Deceased,
        ExclusionKind::OtherProgram,
    ];

    /// Key used in JSON and on the command line (`asn`, `kur`, `deceased`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionKind::Asn => "asn",
            ExclusionKind::Tni => "tni",
            ExclusionKind::Polri => "polri",
            ExclusionKind::Bumn => "bumn",
            ExclusionKind::Bumd => "bumd",
            ExclusionKind::Kur => "kur",
            ExclusionKind::Bank => "bank",
            ExclusionKind::Deceased => "deceased",
            ExclusionKind::OtherProgram => "other_program",
        }
    }

    /// Name of the list in Bahasa (`daftar ASN`, `daftar debitur KUR`, …).
    pub fn label(self) -> &'static str {
        match self {
            ExclusionKind::Asn => "daftar ASN",
            ExclusionKind::Tni => "daftar anggota TNI",
            ExclusionKind::Polri => "daftar anggota Polri",
            ExclusionKind::Bumn => "daftar pegawai BUMN",
            ExclusionKind::Bumd => "daftar pegawai BUMD",
            ExclusionKind::Kur => "daftar debitur KUR",
            ExclusionKind::Bank => "daftar debitur bank",
            ExclusionKind::Deceased => "daftar penduduk meninggal dunia",
            ExclusionKind::OtherProgram => "daftar penerima program lain tahun yang sama",
        }
    }

    /// Accepts the keys and a few Indonesian words (`meninggal`, `pns`, `penerima_lain`).
    pub fn parse(s: &str) -> Option<ExclusionKind> {
        let s = s.trim().to_lowercase().replace(['-', ' '], "_");
        let k = match s.as_str() {
            "asn" | "pns" | "pppk" => ExclusionKind::Asn,
            "tni" => ExclusionKind::Tni,
            "polri" | "polisi" => ExclusionKind::Polri,
            "bumn" => ExclusionKind::Bumn,
            "bumd" => ExclusionKind::Bumd,
            "kur" => ExclusionKind::Kur,
            "bank" | "debitur" => ExclusionKind::Bank,
            "deceased" | "meninggal" | "meninggal_dunia" => ExclusionKind::Deceased,
            "other_program" | "penerima_lain" | "program_lain" => ExclusionKind::OtherProgram,
            _ => return None,
        };
        Some(k)
    }

    /// The BPK category a confirmed match on this kind of list falls in.
    pub fn category(self) -> crate::BpkCategory {
        use crate::BpkCategory as C;
        match self {
            ExclusionKind::Asn
            | ExclusionKind::Tni
            | ExclusionKind::Polri
            | ExclusionKind::Bumn
            | ExclusionKind::Bumd => C::AsnTniPolriBumnBumd,
            ExclusionKind::Kur | ExclusionKind::Bank => C::DebiturBankKur,
            ExclusionKind::Deceased => C::MeninggalDunia,
            ExclusionKind::OtherProgram => C::PenerimaGanda,
        }
    }
}
