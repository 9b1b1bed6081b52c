//! What screening concludes for one applicant, rule by rule.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Overall conclusion for one applicant.
///
/// `NotEligible` wins over `NeedsReview`, which wins over `Eligible`: one failed rule is
/// enough to reject, one doubtful rule (and no failed one) sends the applicant to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    NeedsReview,
    NotEligible,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Eligible, Status::NeedsReview, Status::NotEligible];

    /// `eligible`, `needs_review`, `not_eligible` (stable, for files and storage).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::NeedsReview => "needs_review",
            Status::NotEligible => "not_eligible",
        }
    }

    /// `Memenuhi syarat`, `Perlu diperiksa`, `Tidak memenuhi syarat`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Eligible => "Memenuhi syarat",
            Status::NeedsReview => "Perlu diperiksa",
            Status::NotEligible => "Tidak memenuhi syarat",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Result of one rule block for one applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Pass,
    /// The rule cannot be decided automatically (probable match, missing data): a person
    /// must look.
    Review,
    Fail,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Review => "review",
            Outcome::Fail => "fail",
        }
    }

    /// `lolos`, `perlu diperiksa`, `gagal`.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Pass => "lolos",
            Outcome::Review => "perlu diperiksa",
            Outcome::Fail => "gagal",
        }
    }
}

/// Reason categories, mirroring the BPK 2020 audit findings on BPUM (first seven) plus the
/// other requirements a program can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BpkCategory {
    /// NIK tidak padan dengan data Dukcapil (absent, or registered to someone else).
    NikTidakPadan,
    /// ASN / TNI / Polri / BUMN / BUMD staff.
    AsnTniPolriBumnBumd,
    /// Meninggal dunia.
    MeninggalDunia,
    /// NIK anomali (not a structurally valid NIK).
    NikAnomali,
    /// Bukan usaha mikro (or outside the scales the program allows).
    BukanUsahaMikro,
    /// Debitur bank / KUR.
    DebiturBankKur,
    /// Penerima ganda (the same NIK, KK or person more than once).
    PenerimaGanda,
    /// Domisili outside the program's region.
    Domisili,
    /// Required documents missing.
    Dokumen,
    /// Age outside the program's range.
    Usia,
    /// Anything else (no business, business too young, sector, other-program recipients).
    Lainnya,
}

impl BpkCategory {
    pub const ALL: [BpkCategory; 11] = [
        BpkCategory::NikTidakPadan,
        BpkCategory::AsnTniPolriBumnBumd,
        BpkCategory::MeninggalDunia,
        BpkCategory::NikAnomali,
        BpkCategory::BukanUsahaMikro,
        BpkCategory::DebiturBankKur,
        BpkCategory::PenerimaGanda,
        BpkCategory::Domisili,
        BpkCategory::Dokumen,
        BpkCategory::Usia,
        BpkCategory::Lainnya,
    ];

    /// Stable key (`nik_tidak_padan`, …) for files and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            BpkCategory::NikTidakPadan => "nik_tidak_padan",
            BpkCategory::AsnTniPolriBumnBumd => "asn_tni_polri_bumn_bumd",
            BpkCategory::MeninggalDunia => "meninggal_dunia",
            BpkCategory::NikAnomali => "nik_anomali",
            BpkCategory::BukanUsahaMikro => "bukan_usaha_mikro",
            BpkCategory::DebiturBankKur => "debitur_bank_kur",
            BpkCategory::PenerimaGanda => "penerima_ganda",
            BpkCategory::Domisili => "domisili",
            BpkCategory::Dokumen => "dokumen",
            BpkCategory::Usia => "usia",
            BpkCategory::Lainnya => "lainnya",
        }
    }

    /// Label in Bahasa, as in the BPK findings.
    pub fn label(self) -> &'static str {
        match self {
            BpkCategory::NikTidakPadan => "NIK tidak padan dengan data Dukcapil",
            BpkCategory::AsnTniPolriBumnBumd => "ASN/TNI/Polri/BUMN/BUMD",
            BpkCategory::MeninggalDunia => "Meninggal dunia",
            BpkCategory::NikAnomali => "NIK anomali",
            BpkCategory::BukanUsahaMikro => "Bukan usaha mikro",
            BpkCategory::DebiturBankKur => "Debitur bank/KUR",
            BpkCategory::PenerimaGanda => "Penerima ganda",
            BpkCategory::Domisili => "Domisili di luar wilayah program",
            BpkCategory::Dokumen => "Dokumen tidak lengkap",
            BpkCategory::Usia => "Usia di luar ketentuan",
            BpkCategory::Lainnya => "Lainnya",
        }
    }

    pub fn parse(s: &str) -> Option<BpkCategory> {
        BpkCategory::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}

impl fmt::Display for BpkCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One rule block's result for one applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleResult {
    /// The block's stable id (see [`crate::rules::Block::id`]).
    pub block: String,
    pub outcome: Outcome,
    /// Category of a failed or doubtful result; the block's own category for a pass.
    pub category: BpkCategory,
    /// Why, in Bahasa, with what a person needs to check it (list, version, row). NIKs in
    /// reasons are masked like everywhere in Berdaya (`6474**********01`): the decision is
    /// stored and shown to roles that may not see full NIKs; the list, its version and the
    /// row number identify the record without it.
    pub reason: String,
}

/// The conclusion for one applicant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The applicant's row (as given in [`crate::Applicant::row`]).
    pub row: u64,
    pub status: Status,
    /// One entry per rule block (in rule-set order), plus extra entries when a block found
    /// several problems (e.g. two exclusion lists).
    pub results: Vec<RuleResult>,
}

impl Decision {
    /// Build a decision from results: the worst outcome decides the status.
    pub fn from_results(row: u64, results: Vec<RuleResult>) -> Decision {
        let status = results
            .iter()
            .map(|r| match r.outcome {
                Outcome::Pass => Status::Eligible,
                Outcome::Review => Status::NeedsReview,
                Outcome::Fail => Status::NotEligible,
            })
            .max()
            .unwrap_or(Status::Eligible);
        Decision { row, status, results }
    }

    /// Results that did not pass, worst first (fails, then reviews), in rule order.
    pub fn problems(&self) -> impl Iterator<Item = &RuleResult> {
        let fails = self.results.iter().filter(|r| r.outcome == Outcome::Fail);
        let reviews = self.results.iter().filter(|r| r.outcome == Outcome::Review);
        fails.chain(reviews)
    }

    /// Distinct categories of the results that decided the status (fails for
    /// `NotEligible`, reviews for `NeedsReview`, none for `Eligible`), in first-seen order.
    pub fn categories(&self) -> Vec<BpkCategory> {
        let wanted = match self.status {
            Status::Eligible => return Vec::new(),
            Status::NeedsReview => Outcome::Review,
            Status::NotEligible => Outcome::Fail,
        };
        let mut out: Vec<BpkCategory> = Vec::new();
        for r in self.results.iter().filter(|r| r.outcome == wanted) {
            if !out.contains(&r.category) {
                out.push(r.category);
            }
        }
        out
    }

    /// Reasons of the results that did not pass, joined by `"; "` (fails first).
    pub fn reasons_joined(&self) -> String {
        let mut s = String::new();
        for r in self.problems() {
            if !s.is_empty() {
                s.push_str("; ");
            }
            s.push_str(&r.reason);
        }
        s
    }
}
