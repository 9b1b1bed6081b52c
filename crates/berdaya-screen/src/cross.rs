//! Rules that compare the applicants of one program with each other: the same NIK or KK
//! twice (the later ones are not eligible, "penerima ganda"), and the probable same person
//! under two NIKs (same normalised name and birth date, or same phone: both need review,
//! each naming the other row).
//!
//! Done by sorting `(key, index)` pairs on all cores rather than with hash maps: 12 M rows
//! sort in about a second and the groups fall out in one pass.

use rayon::prelude::*;

use crate::decision::{BpkCategory, Outcome, RuleResult};
use crate::engine::{Indexed, RowKeys};
use crate::key::mask_key;
use crate::rules::{Rule, RuleSet};

const NONE: u32 = u32::MAX;

/// Per row: the earlier row with the same NIK / KK, the other row with the same person key /
/// phone under another NIK (indices into the applicant slice).
#[derive(Debug, Clone, Default)]
pub(crate) struct CrossIndex {
    same_nik: Vec<u32>,
    same_kk: Vec<u32>,
    same_person: Vec<u32>,
    same_phone: Vec<u32>,
}

fn earlier_same(keys: &[Option<u64>]) -> Vec<u32> {
    let mut out = vec![NONE; keys.len()];
    let mut pairs: Vec<(u64, u32)> = keys
        .par_iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, i as u32)))
        .collect();
    pairs.par_sort_unstable();
    for g in pairs.chunk_by(|a, b| a.0 == b.0) {
        let first = g[0].1;
        for &(_, i) in &g[1..] {
            out[i as usize] = first;
        }
    }
    out
}

/// For each row, another row with the same key but a different NIK (or `NONE`).
fn other_nik_same(keys: &[Option<u64>], niks: &[Option<u64>]) -> Vec<u32> {
    let mut out = vec![NONE; keys.len()];
    let mut pairs: Vec<(u64, u32)> = keys
        .par_iter()
        .enumerate()
        .filter_map(|(i, k)| k.map(|k| (k, i as u32)))
        .collect();
    pairs.par_sort_unstable();
    for g in pairs.chunk_by(|a, b| a.0 == b.0) {
        if g.len() < 2 {
            continue;
        }
        // The group's first row, and its first row with another NIK: every row names the
        // first one whose NIK differs from its own (linear even for a placeholder phone
        // shared by thousands).
        let (first, first_nik) = (g[0].1, niks[g[0].1 as usize]);
        let second = g.iter().map(|p| p.1).find(|&j| niks[j as usize] != first_nik);
        for &(_, i) in g {
            let other = if niks[i as usize] != first_nik { Some(first) } else { second };
            if let Some(j) = other {
                out[i as usize] = j;
            }
        }
    }
    out
}

impl CrossIndex {
    pub(crate) fn build(rules: &RuleSet, keys: &[RowKeys]) -> CrossIndex {
        let has = |f: fn(&Rule) -> bool| rules.blocks.iter().any(|b| f(&b.rule));
        let per_nik = has(|r| matches!(r, Rule::OnePerNik));
        let per_kk = has(|r| matches!(r, Rule::OnePerKk));
        let mut ix = CrossIndex::default();
        let niks: Vec<Option<u64>> = keys.iter().map(|k| k.nik).collect();
        if per_nik {
            ix.same_nik = earlier_same(&niks);
            let persons: Vec<Option<u64>> = keys.iter().map(|k| k.person).collect();
            ix.same_person = other_nik_same(&persons, &niks);
            let phones: Vec<Option<u64>> = keys.iter().map(|k| k.phone).collect();
            ix.same_phone = other_nik_same(&phones, &niks);
        }
        if per_kk {
            let kks: Vec<Option<u64>> = keys.iter().map(|k| k.kk).collect();
            ix.same_kk = earlier_same(&kks);
        }
        ix
    }

    /// Cross-row results of row `i`; `row_of` gives the applicant row number of an index.
    pub(crate) fn results(
        &self,
        rules: &RuleSet,
        i: usize,
        keys: &RowKeys,
        row_of: &dyn Fn(usize) -> u64,
    ) -> Vec<Indexed> {
        let mut out = Vec::new();
        let get = |v: &Vec<u32>| v.get(i).copied().filter(|&j| j != NONE).map(|j| j as usize);
        for (bi, b) in rules.blocks.iter().enumerate() {
            let bi = bi as u16;
            let mk = |outcome, category, reason: String| {
                (
                    bi,
                    RuleResult {
                        block: b.id.clone(),
                        outcome,
                        category,
                        reason,
                    },
                )
            };
            match b.rule {
                Rule::OnePerNik => {
                    if let Some(j) = get(&self.same_nik) {
                        let nik = keys.nik.map(mask_key).unwrap_or_default();
                        out.push(mk(
                            Outcome::Fail,
                            BpkCategory::PenerimaGanda,
                            format!("NIK {nik} sudah diajukan pada baris {}", row_of(j)),
                        ));
                        continue;
                    }
                    if let Some(j) = get(&self.same_person) {
                        out.push(mk(
                            Outcome::Review,
                            BpkCategory::PenerimaGanda,
                            format!(
                                "nama dan tanggal lahir sama dengan baris {} yang memakai NIK lain; periksa apakah orang yang sama",
                                row_of(j)
                            ),
                        ));
                    } else if let Some(j) = get(&self.same_phone) {
                        out.push(mk(
                            Outcome::Review,
                            BpkCategory::PenerimaGanda,
                            format!(
                                "nomor HP sama dengan baris {} yang memakai NIK lain; periksa apakah orang yang sama",
                                row_of(j)
                            ),
                        ));
                    }
                }
                Rule::OnePerKk => {
                    if let Some(j) = get(&self.same_kk) {
                        out.push(mk(
                            Outcome::Fail,
                            BpkCategory::PenerimaGanda,
                            format!("nomor KK yang sama sudah diajukan pada baris {}", row_of(j)),
                        ));
                    }
                }
                _ => {}
            }
        }
        out
    }
}
