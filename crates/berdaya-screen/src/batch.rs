//! Screening a whole program: every rule over every applicant on all cores, decisions in
//! input order, a summary by status and BPK category, and a dry run against the budget.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use berdaya_core::Rupiah;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::applicant::Applicant;
use crate::cross::CrossIndex;
use crate::decision::{BpkCategory, Decision, Outcome, RuleResult, Status};
use crate::engine::{self, Indexed, Row, RowKeys};
use crate::lookups::Lookups;
use crate::rules::{NoRegionNames, RuleSet};

/// Progress of a batch: rows screened so far out of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Decisions (in input order) and their summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub decisions: Vec<Decision>,
    pub summary: Summary,
}

/// Counts by status and by the categories that decided it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub total: u64,
    pub by_status: BTreeMap<Status, u64>,
    /// Not-eligible applicants per failing category (one applicant may count in several).
    pub not_eligible_by_category: BTreeMap<BpkCategory, u64>,
    /// Needs-review applicants per doubtful category.
    pub needs_review_by_category: BTreeMap<BpkCategory, u64>,
}

impl Summary {
    /// Count one decision.
    pub fn add(&mut self, d: &Decision) {
        self.add_parts(d.status, &d.categories());
    }

    pub(crate) fn add_parts(&mut self, status: Status, cats: &[BpkCategory]) {
        self.total += 1;
        *self.by_status.entry(status).or_default() += 1;
        let map = match status {
            Status::Eligible => return,
            Status::NeedsReview => &mut self.needs_review_by_category,
            Status::NotEligible => &mut self.not_eligible_by_category,
        };
        for c in cats {
            *map.entry(*c).or_default() += 1;
        }
    }

    /// Add the counts of another summary.
    pub(crate) fn merge(&mut self, other: Summary) {
        self.total += other.total;
        for (k, n) in other.by_status {
            *self.by_status.entry(k).or_default() += n;
        }
        for (k, n) in other.not_eligible_by_category {
            *self.not_eligible_by_category.entry(k).or_default() += n;
        }
        for (k, n) in other.needs_review_by_category {
            *self.needs_review_by_category.entry(k).or_default() += n;
        }
    }

    pub fn count(&self, s: Status) -> u64 {
        self.by_status.get(&s).copied().unwrap_or(0)
    }

    /// What paying every eligible applicant would cost against the remaining budget.
    pub fn dry_run(&self, value_per_recipient: Rupiah, remaining_budget: Rupiah) -> DryRun {
        let eligible = self.count(Status::Eligible);
        let review = self.count(Status::NeedsReview);
        let cost = |n: u64| value_per_recipient.checked_mul(n as i64).unwrap_or(Rupiah::new(i64::MAX));
        let per = value_per_recipient.amount();
        let affordable = if per > 0 { (remaining_budget.amount().max(0) / per) as u64 } else { u64::MAX };
        DryRun {
            eligible,
            needs_review: review,
            value_per_recipient,
            remaining_budget,
            cost_eligible: cost(eligible),
            cost_if_reviews_pass: cost(eligible + review),
            balance_after: remaining_budget.saturating_sub(cost(eligible)),
            affordable_recipients: affordable,
        }
    }
}

/// The dry-run figure: how many would pass and what it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DryRun {
    pub eligible: u64,
    pub needs_review: u64,
    pub value_per_recipient: Rupiah,
    pub remaining_budget: Rupiah,
    /// `eligible × value_per_recipient`.
    pub cost_eligible: Rupiah,
    /// The cost if every needs-review applicant were cleared too.
    pub cost_if_reviews_pass: Rupiah,
    /// Remaining budget minus `cost_eligible` (negative: over budget).
    pub balance_after: Rupiah,
    /// How many recipients the remaining budget can pay.
    pub affordable_recipients: u64,
}

impl DryRun {
    pub fn fits(&self) -> bool {
        !self.balance_after.is_negative()
    }

    /// One sentence in Bahasa.
    pub fn describe(&self) -> String {
        let fit = if self.fits() {
            format!("sisa anggaran setelahnya {}", self.balance_after)
        } else {
            format!(
                "melebihi sisa anggaran sebesar {}; anggaran cukup untuk {} penerima",
                Rupiah::new(self.balance_after.amount().saturating_neg()),
                self.affordable_recipients
            )
        };
        format!(
            "{} pemohon memenuhi syarat × {} = {} dari sisa anggaran {}; {fit}. Jika {} pemohon yang perlu diperiksa juga lolos: {}.",
            self.eligible,
            self.value_per_recipient,
            self.cost_eligible,
            self.remaining_budget,
            self.needs_review,
            self.cost_if_reviews_pass
        )
    }
}

/// Screen one application on its own (no comparison with other applicants: cross-row
/// rules pass). Every block gets a result.
pub fn screen_one(rules: &RuleSet, applicant: &Applicant, lookups: &Lookups) -> Decision {
    let row = Row::of(applicant);
    let found = engine::screen_row(rules, &row, &engine::prepare(&row), lookups);
    finish(rules, applicant.row, found, &pass_reasons(rules))
}

/// Screen all applicants of a program on all cores. Decisions come back in input order;
/// `progress` is called from worker threads as rows finish (at most every 1,024 rows).
pub fn screen_all(
    rules: &RuleSet,
    applicants: &[Applicant],
    lookups: &Lookups,
    progress: &(dyn Fn(Progress) + Sync),
) -> Screening {
    let total = applicants.len() as u64;
    let done = AtomicU64::new(0);
    let per_row: Vec<(RowKeys, Vec<Indexed>)> = applicants
        .par_iter()
        .with_min_len(256)
        .map(|a| {
            let a = Row::of(a);
            let p = engine::prepare(&a);
            let r = (engine::keys_of(&a, &p), engine::screen_row(rules, &a, &p, lookups));
            let d = done.fetch_add(1, Ordering::Relaxed) + 1;
            if d.is_multiple_of(1024) || d == total {
                progress(Progress { done: d, total });
            }
            r
        })
        .collect();
    let keys: Vec<RowKeys> = per_row.iter().map(|r| r.0).collect();
    let cross = CrossIndex::build(rules, &keys);
    let passes = pass_reasons(rules);
    let row_of = |j: usize| applicants[j].row;
    let decisions: Vec<Decision> = per_row
        .into_par_iter()
        .enumerate()
        .map(|(i, (k, mut found))| {
            found.extend(cross.results(rules, i, &k, &row_of));
            finish(rules, applicants[i].row, found, &passes)
        })
        .collect();
    let mut summary = Summary::default();
    for d in &decisions {
        summary.add(d);
    }
    Screening { decisions, summary }
}

fn pass_reasons(rules: &RuleSet) -> Vec<String> {
    rules.blocks.iter().map(|b| b.describe(&NoRegionNames)).collect()
}

/// Results in block order; a block with no finding gets a pass whose reason is its
/// description.
pub(crate) fn finish(rules: &RuleSet, row: u64, mut found: Vec<Indexed>, passes: &[String]) -> Decision {
    found.sort_by_key(|f| f.0);
    let mut results = Vec::with_capacity(rules.blocks.len() + 1);
    let mut it = found.into_iter().peekable();
    for (i, b) in rules.blocks.iter().enumerate() {
        let mut any = false;
        while let Some(f) = it.next_if(|f| usize::from(f.0) == i) {
            results.push(f.1);
            any = true;
        }
        if !any {
            results.push(RuleResult {
                block: b.id.clone(),
                outcome: Outcome::Pass,
                category: default_category(&b.rule),
                reason: passes.get(i).cloned().unwrap_or_default(),
            });
        }
    }
    Decision::from_results(row, results)
}

/// What [`finish`] and the [`Decision`] it gives say about a row's findings (status, the
/// categories that decided it and the reasons joined), without building the decision.
pub(crate) fn verdict(found: &mut [&Indexed]) -> (Status, Vec<BpkCategory>, String) {
    found.sort_by_key(|f| f.0);
    let status = found
        .iter()
        .map(|f| match f.1.outcome {
            Outcome::Pass => Status::Eligible,
            Outcome::Review => Status::NeedsReview,
            Outcome::Fail => Status::NotEligible,
        })
        .max()
        .unwrap_or(Status::Eligible);
    let wanted = match status {
        Status::Eligible => return (status, Vec::new(), String::new()),
        Status::NeedsReview => Outcome::Review,
        Status::NotEligible => Outcome::Fail,
    };
    let mut cats: Vec<BpkCategory> = Vec::new();
    for f in found.iter().filter(|f| f.1.outcome == wanted) {
        if !cats.contains(&f.1.category) {
            cats.push(f.1.category);
        }
    }
    let mut reasons = String::new();
    for outcome in [Outcome::Fail, Outcome::Review] {
        for f in found.iter().filter(|f| f.1.outcome == outcome) {
            if !reasons.is_empty() {
                reasons.push_str("; ");
            }
            reasons.push_str(&f.1.reason);
        }
    }
    (status, cats, reasons)
}

pub(crate) fn default_category(r: &crate::rules::Rule) -> BpkCategory {
    use crate::rules::Rule;
    match r {
        Rule::Domicile { .. } => BpkCategory::Domisili,
        Rule::NikValid => BpkCategory::NikAnomali,
        Rule::Dukcapil => BpkCategory::NikTidakPadan,
        Rule::Age { .. } => BpkCategory::Usia,
        Rule::Scale { .. } => BpkCategory::BukanUsahaMikro,
        Rule::NotExcluded { lists } => lists.first().map_or(BpkCategory::Lainnya, |k| k.category()),
        Rule::OnePerNik | Rule::OnePerKk => BpkCategory::PenerimaGanda,
        Rule::Documents { .. } => BpkCategory::Dokumen,
        Rule::BusinessRequired | Rule::BusinessAge { .. } | Rule::Sector { .. } => BpkCategory::Lainnya,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verdict_says_what_the_decision_says() {
        let rules = RuleSet::from_json(
            r#"{"version":1,"blocks":[{"type":"nik_valid"},{"type":"dukcapil"},{"type":"not_excluded","lists":["asn","kur"]},{"type":"one_per_nik"}]}"#,
        )
        .expect("rules");
        let outcomes = [Outcome::Pass, Outcome::Review, Outcome::Fail];
        let cats = [BpkCategory::NikAnomali, BpkCategory::DebiturBankKur, BpkCategory::PenerimaGanda];
        let mut x = 12345u64;
        for _ in 0..2_000 {
            let mut found: Vec<Indexed> = Vec::new();
            for n in 0..(x % 5) {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let r = RuleResult {
                    block: "b".into(),
                    outcome: outcomes[(x >> 33) as usize % 3],
                    category: cats[(x >> 40) as usize % 3],
                    reason: format!("alasan {n}"),
                };
                found.push((((x >> 50) % 4) as u16, r));
            }
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let d = finish(&rules, 7, found.clone(), &[]);
            let mut refs: Vec<&Indexed> = found.iter().collect();
            let (status, cats, reasons) = verdict(&mut refs);
            assert_eq!((status, cats, reasons), (d.status, d.categories(), d.reasons_joined()), "{found:?}");
        }
    }
}
