//! The lookups searched for a whole batch of applicants at once (the CLI's path).
//!
//! Searched row by row, each applicant costs a dozen random reads in arrays of hundreds of
//! megabytes (the registry's NIKs, each list's NIKs and blocking keys), each a cache and
//! TLB miss. Here the batch's NIKs and blocking keys are sorted first, and every sorted
//! array of the lookups is walked forward once ([`crate::sorted::Walker`]): consecutive
//! searches land next to each other. The answers are what a search would find for each
//! row (`crate::engine::Direct`), in the same order of candidates, so the rules give the same results.

use rayon::prelude::*;

use crate::engine::{Finder, Probe, probable_match, uses_lookups};
use crate::fuzzy;
use crate::lookups::{CivilRegistry, ExclusionList, ListEntry, Lookups, RegistryEntry};
use crate::rules::{Rule, RuleSet};
use crate::sorted::SortedMap;

/// Sorted keys searched per parallel task.
const CHUNK: usize = 1 << 14;

/// What the lookups hold for each row of a batch.
pub(crate) struct Answers {
    lists: usize,
    /// Per row: position in the registry's NIK map.
    registry: Vec<Option<u32>>,
    /// Per row and list (`row * lists + list`): the entry with the row's NIK.
    exact: Vec<Option<u32>>,
    /// Per row and list: the first probable match (entry).
    probable: Vec<Option<u32>>,
}

/// The answers of one row, as a [`Finder`].
pub(crate) struct RowAnswers<'a> {
    registry: Option<u32>,
    exact: &'a [Option<u32>],
    probable: &'a [Option<u32>],
}

impl Finder for RowAnswers<'_> {
    fn registry<'l>(&self, reg: &'l CivilRegistry, _: &Probe) -> Option<&'l RegistryEntry> {
        self.registry.map(|i| reg.by_nik.value(i as usize))
    }

    fn exact<'l>(&self, li: usize, l: &'l ExclusionList, _: &Probe) -> Option<&'l ListEntry> {
        self.exact.get(li).copied().flatten().map(|e| l.entry(e))
    }

    fn probable<'l>(&self, li: usize, l: &'l ExclusionList, _: &Probe) -> Option<&'l ListEntry> {
        self.probable.get(li).copied().flatten().map(|e| l.entry(e))
    }
}

impl Answers {
    pub(crate) fn row(&self, i: usize) -> RowAnswers<'_> {
        let r = i * self.lists..(i + 1) * self.lists;
        RowAnswers {
            registry: self.registry.get(i).copied().flatten(),
            exact: &self.exact[r.clone()],
            probable: &self.probable[r],
        }
    }
}

/// Search the lookups the rules use for every probe.
pub(crate) fn find_all(rules: &RuleSet, lookups: &Lookups, probes: &[Probe]) -> Answers {
    let n = probes.len();
    let nl = lookups.lists.len();
    let mut a = Answers {
        lists: nl,
        registry: vec![None; n],
        exact: vec![None; n * nl],
        probable: vec![None; n * nl],
    };
    let used: Vec<&ExclusionList> = lookups
        .lists
        .iter()
        .filter(|l| {
            rules
                .blocks
                .iter()
                .any(|b| matches!(&b.rule, Rule::NotExcluded { lists } if lists.contains(&l.kind)))
        })
        .collect();
    let registry = lookups
        .registry
        .as_ref()
        .filter(|_| rules.blocks.iter().any(|b| matches!(b.rule, Rule::Dukcapil)));
    if !rules.blocks.iter().any(|b| uses_lookups(&b.rule)) || (registry.is_none() && used.is_empty()) {
        return a;
    }
    let mut niks: Vec<(u64, u32)> = probes
        .par_iter()
        .enumerate()
        .filter_map(|(i, p)| p.nik.map(|k| (k, i as u32)))
        .collect();
    niks.par_sort_unstable();
    if let Some(reg) = registry {
        for (i, at) in walk(&reg.by_nik, &niks) {
            a.registry[i as usize] = Some(at);
        }
    }
    let mut tokens: Vec<(u64, u64, u32)> = Vec::new();
    if !used.is_empty() {
        tokens = probes
            .par_iter()
            .enumerate()
            .filter(|(_, p)| p.norm().is_some())
            .flat_map_iter(|(i, p)| {
                let (sig, at) = (p.name.sig, (i as u32) << 2);
                p.token_keys
                    .iter()
                    .enumerate()
                    .filter_map(move |(slot, k)| k.map(|k| (k, sig, at | slot as u32)))
            })
            .collect();
        tokens.par_sort_unstable_by_key(|t| t.0);
    }
    for (li, l) in lookups.lists.iter().enumerate() {
        if !used.iter().any(|u| std::ptr::eq(*u, l)) {
            continue;
        }
        for (i, at) in walk(&l.by_nik, &niks) {
            a.exact[i as usize * nl + li] = Some(*l.by_nik.value(at as usize));
        }
        // Per row, the match of the lowest key slot (keys are tried in slot order).
        let mut best: Vec<u8> = vec![u8::MAX; n];
        for (i, slot, e) in first_probable(l, probes, &tokens) {
            let i = i as usize;
            if slot < best[i] {
                best[i] = slot;
                a.probable[i * nl + li] = Some(e);
            }
        }
    }
    a
}

/// (row, position in `map`) of each sorted NIK probe found in `map`.
fn walk<V: Sync>(map: &SortedMap<V>, niks: &[(u64, u32)]) -> Vec<(u32, u32)> {
    niks.par_chunks(CHUNK)
        .flat_map_iter(|c| {
            let mut w = map.walker();
            c.iter().filter_map(move |&(k, i)| w.find(k).map(|at| (i, at as u32)))
        })
        .collect()
}

/// (row, key slot, entry): for each sorted blocking-key probe `(key, signature, row << 2 |
/// slot)`, the first candidate of the key that is a [`probable_match`].
fn first_probable(l: &ExclusionList, probes: &[Probe], tokens: &[(u64, u64, u32)]) -> Vec<(u32, u8, u32)> {
    let t = l.tokens();
    tokens
        .par_chunks(CHUNK)
        .flat_map_iter(|c| {
            let mut w = t.by_key.walker();
            c.iter().filter_map(move |&(k, sig, at)| {
                let pos = w.find(k)?;
                let p = &probes[(at >> 2) as usize];
                let e = t
                    .run(pos)
                    .filter(|&(s, _)| fuzzy::may_match(sig, s))
                    .map(|(_, e)| e)
                    .find(|&e| probable_match(l, p, l.entry(e)))?;
                Some((at >> 2, (at & 3) as u8, e))
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::engine::{Direct, Row, prepare};
    use crate::lookups::{ListRecord, RegistryRecord};
    use crate::rules::ExclusionKind;
    use crate::{Applicant, RuleSet};

    #[test]
    fn a_batch_finds_what_each_row_finds_alone() {
        let names = ["Siti Aminah", "Siti Nur Aminah", "Siti N Aminah", "Aminah", "Budi Santoso", "Siti Siti", "Gazali", "Gasali", "Andi Baso", "Baso"];
        let day = |i: u64| NaiveDate::from_ymd_opt(1980, 1, 1 + (i % 3) as u32);
        let nik = |i: u64| format!("{:016}", 3_174_010_101_800_000 + i % 977);
        let list = |kind, salt: u64| {
            let recs = (0..3_000u64)
                .map(|i| ListRecord {
                    row: i + 2,
                    nik: nik(i * salt),
                    name: names[((i * salt) % 10) as usize].into(),
                    birth_date: day(i / 7),
                    active: i % 11 != 0,
                    detail: String::new(),
                })
                .collect();
            ExclusionList::from_records(kind, "1", "t", recs)
        };
        let reg = CivilRegistry::from_records(
            "1",
            "t",
            (0..1_500u64).map(|i| RegistryRecord {
                row: i + 2,
                nik: nik(i * 3),
                name: names[(i % 10) as usize].into(),
                birth_date: day(i),
                alive: i % 13 != 0,
            }),
        );
        let lookups = Lookups::new()
            .with_list(list(ExclusionKind::Asn, 1))
            .with_list(list(ExclusionKind::Kur, 7))
            .with_list(list(ExclusionKind::Deceased, 5))
            .with_registry(reg);
        let rules = RuleSet::from_json(
            r#"{"version":1,"blocks":[{"type":"dukcapil"},{"type":"not_excluded","lists":["asn","deceased"]}]}"#,
        )
        .expect("rules");
        let applicants: Vec<Applicant> = (0..4_000u64)
            .map(|i| Applicant {
                row: i + 2,
                nik: if i % 50 == 0 { "12".into() } else { nik(i * 13) },
                name: names[(i % 10) as usize].into(),
                birth_date: day(i / 3),
                ..Applicant::default()
            })
            .collect();
        let probes: Vec<Probe> = applicants.iter().map(|a| prepare(&Row::of(a)).probe).collect();
        let answers = find_all(&rules, &lookups, &probes);
        let (mut probable, mut exact) = (0, 0);
        for (i, p) in probes.iter().enumerate() {
            let got = crate::engine::screen_lookups(&rules, p, &lookups, &answers.row(i));
            let want = crate::engine::screen_lookups(&rules, p, &lookups, &Direct);
            assert_eq!(got, want, "row {i}");
            for r in &want {
                if r.1.reason.contains("periksa apakah") {
                    probable += 1;
                } else if r.1.reason.contains("tercatat") {
                    exact += 1;
                }
            }
        }
        assert!(probable > 100 && exact > 100, "{probable} probable, {exact} exact");
    }
}
