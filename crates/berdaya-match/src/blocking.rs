//! Blocking: candidate pairs are the union of equality joins, one per rule.
//!
//! Each rule gives every record a 64-bit key (0 when a part is missing). Records are sorted by
//! key; every pair inside a group of equal keys is a candidate. A pair that an earlier rule
//! already produced is skipped, so each candidate pair is visited exactly once, attributed to
//! the first rule that finds it. Work is cut into tasks of similar size for rayon; results
//! come back in task order, so everything downstream is deterministic.

use anyhow::{Context, bail};
use rayon::prelude::*;

use crate::config::Config;
use crate::data::{Dataset, NULL};
use crate::similarity::phonetic_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    Exact,
    Initial,
    Prefix(usize),
    Phonetic,
    Sorted,
    Year,
    Kecamatan,
    Kabupaten,
}

/// One part of a rule: a (transformed) field, or the unordered pair of two fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPart {
    Field { field: usize, transform: Transform },
    Unordered { a: usize, b: usize },
}

impl KeyPart {
    pub fn parse(text: &str, config: &Config) -> anyhow::Result<KeyPart> {
        let field = |n: &str| {
            config
                .field_index(n.trim())
                .with_context(|| format!("blocking rule part {text:?}: no field {n:?}"))
        };
        if let Some((a, b)) = text.split_once('|') {
            return Ok(KeyPart::Unordered { a: field(a)?, b: field(b)? });
        }
        let (name, tr) = text.split_once(':').unwrap_or((text, "exact"));
        let transform = match tr.trim() {
            "exact" => Transform::Exact,
            "initial" => Transform::Initial,
            "phonetic" => Transform::Phonetic,
            "sorted" => Transform::Sorted,
            "year" => Transform::Year,
            "kecamatan" => Transform::Kecamatan,
            "kabupaten" => Transform::Kabupaten,
            t if t.starts_with("prefix") => {
                let n: usize = t[6..].parse().with_context(|| format!("bad prefix length in {text:?}"))?;
                if n == 0 {
                    bail!("prefix length must be at least 1 in {text:?}");
                }
                Transform::Prefix(n)
            }
            t => bail!("unknown transform {t:?} in blocking rule part {text:?}"),
        };
        Ok(KeyPart::Field { field: field(name)?, transform })
    }

    fn fields(&self) -> Vec<usize> {
        match *self {
            KeyPart::Field { field, .. } => vec![field],
            KeyPart::Unordered { a, b } => vec![a, b],
        }
    }
}

/// A blocking rule and the fields it reads (EM leaves those fields' comparisons alone when
/// training on this rule's pairs).
#[derive(Debug, Clone)]
pub struct Rule {
    pub text: String,
    pub parts: Vec<KeyPart>,
    pub fields: Vec<usize>,
}

#[inline]
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    mix(h) | 1 // never 0, which means "missing"
}

/// Key of one value under a transform (0 when the transform leaves nothing).
fn transform_key(value: &str, sorted: &str, t: Transform) -> u64 {
    let prefix = |n: usize| value.char_indices().nth(n).map_or(value, |(i, _)| &value[..i]);
    let part: Option<&str> = match t {
        Transform::Exact => Some(value),
        Transform::Initial => Some(prefix(1)),
        Transform::Prefix(n) => Some(prefix(n)),
        Transform::Sorted => Some(sorted),
        Transform::Year | Transform::Kabupaten => value.get(..4),
        Transform::Kecamatan => value.get(..6),
        Transform::Phonetic => {
            let codes: Vec<String> = sorted.split(' ').map(phonetic_key).collect();
            return hash_str(&codes.join(" "));
        }
    };
    part.filter(|p| !p.is_empty()).map_or(0, hash_str)
}

/// Key of each distinct value of `field` under `t` (0 = missing).
fn value_keys(ds: &Dataset, field: usize, t: Transform) -> Vec<u64> {
    let v = &ds.values[field];
    (0..v.len())
        .into_par_iter()
        .map(|i| {
            let text = v.text(i as u32);
            let sorted = match t {
                Transform::Sorted | Transform::Phonetic => v.sorted(i as u32),
                _ => "",
            };
            transform_key(text, sorted, t)
        })
        .collect()
}

/// Per-record key of a rule.
fn rule_keys(ds: &Dataset, rule: &Rule) -> Vec<u64> {
    let parts: Vec<(KeyPart, Vec<u64>, Vec<u64>)> = rule
        .parts
        .iter()
        .map(|p| match *p {
            KeyPart::Field { field, transform } => (*p, value_keys(ds, field, transform), Vec::new()),
            KeyPart::Unordered { a, b } => {
                (*p, value_keys(ds, a, Transform::Exact), value_keys(ds, b, Transform::Exact))
            }
        })
        .collect();
    (0..ds.len())
        .into_par_iter()
        .map(|r| {
            let mut key = 0x9e37_79b9_7f4a_7c15u64;
            for (p, ka, kb) in &parts {
                let k = match *p {
                    KeyPart::Field { field, .. } => lookup(ka, ds.id(r, field)),
                    KeyPart::Unordered { a, b } => {
                        let (x, y) = (lookup(ka, ds.id(r, a)), lookup(kb, ds.id(r, b)));
                        if x == 0 || y == 0 { 0 } else { mix(x.min(y) ^ mix(x.max(y))) }
                    }
                };
                if k == 0 {
                    return 0;
                }
                key = mix(key ^ k);
            }
            key | 1
        })
        .collect()
}

fn lookup(keys: &[u64], id: u32) -> u64 {
    if id == NULL { 0 } else { keys[id as usize] }
}

/// A slice of the work: groups `g0..g1` of one rule; for one large group, only the pairs whose
/// first member is at positions `a0..a1`.
#[derive(Debug, Clone, Copy)]
struct Task {
    rule: usize,
    g0: usize,
    g1: usize,
    a0: usize,
    a1: usize,
}

struct Groups {
    /// Record indices sorted by (key, index).
    order: Vec<u32>,
    /// Start of each group with at least one pair in `order`, plus a final end.
    bounds: Vec<usize>,
    /// Pairs inside the groups before removing those of earlier rules.
    raw_pairs: u64,
}

/// Candidate pairs of a run.
pub struct Blocking {
    pub rules: Vec<Rule>,
    /// Record-major: the keys of record i are `keys[i * rules.len()..][..rules.len()]`.
    keys: Vec<u64>,
    groups: Vec<Groups>,
    tasks: Vec<Task>,
    n_left: usize,
    link: bool,
}

/// Pairs a rule produces: before and after removing pairs of earlier rules.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleCount {
    pub rule: String,
    pub pairs: u64,
    pub new_pairs: u64,
}

const TASK_PAIRS: u64 = 1 << 15;

impl Blocking {
    pub fn build(ds: &Dataset, config: &Config, link: bool) -> anyhow::Result<Blocking> {
        if config.blocking.len() > 32 {
            bail!("at most 32 blocking rules");
        }
        let mut rules = Vec::new();
        for r in &config.blocking {
            let parts = r.iter().map(|p| KeyPart::parse(p, config)).collect::<anyhow::Result<Vec<_>>>()?;
            let mut fields: Vec<usize> = parts.iter().flat_map(KeyPart::fields).collect();
            fields.sort_unstable();
            fields.dedup();
            rules.push(Rule { text: r.join(" & "), parts, fields });
        }
        let n_left = ds.n_left;
        let nr = rules.len();
        let mut keys = vec![0u64; ds.len() * nr];
        let mut groups = Vec::with_capacity(nr);
        for (r, rule) in rules.iter().enumerate() {
            let k = rule_keys(ds, rule);
            groups.push(make_groups(&k, n_left, link));
            for (i, key) in k.into_iter().enumerate() {
                keys[i * nr + r] = key;
            }
        }
        let mut tasks = Vec::new();
        for (rule, g) in groups.iter().enumerate() {
            plan_tasks(rule, g, n_left, link, &mut tasks);
        }
        Ok(Blocking { rules, keys, groups, tasks, n_left, link })
    }

    fn keys_of(&self, i: u32) -> &[u64] {
        let nr = self.rules.len();
        &self.keys[i as usize * nr..(i as usize + 1) * nr]
    }

    /// Bit r is set when rule r puts records i and j in the same block.
    #[inline]
    pub fn rule_mask(&self, i: u32, j: u32) -> u32 {
        let mut m = 0;
        for (r, (a, b)) in self.keys_of(i).iter().zip(self.keys_of(j)).enumerate() {
            if *a != 0 && a == b {
                m |= 1 << r;
            }
        }
        m
    }

    #[inline]
    fn seen_before(&self, rule: usize, i: u32, j: u32) -> bool {
        let (ki, kj) = (self.keys_of(i), self.keys_of(j));
        (0..rule).any(|r| ki[r] != 0 && ki[r] == kj[r])
    }

    fn for_each_in_task(&self, t: &Task, f: &mut impl FnMut(u32, u32, usize)) {
        let g = &self.groups[t.rule];
        for gi in t.g0..t.g1 {
            let members = &g.order[g.bounds[gi]..g.bounds[gi + 1]];
            let split = if self.link {
                members.partition_point(|&r| (r as usize) < self.n_left)
            } else {
                members.len()
            };
            let a_end = if self.link { split } else { members.len() };
            for a in t.a0..a_end.min(t.a1) {
                let i = members[a];
                let from = if self.link { split } else { a + 1 };
                for &j in &members[from..] {
                    if !self.seen_before(t.rule, i, j) {
                        f(i, j, t.rule);
                    }
                }
            }
        }
    }

    /// Run `work` over every candidate pair in parallel: each task folds its pairs into a
    /// fresh `init()`; the per-task results come back in a fixed order.
    pub fn map_pairs<T, I, W>(&self, init: I, work: W) -> Vec<T>
    where
        T: Send,
        I: Fn() -> T + Sync,
        W: Fn(&mut T, u32, u32, usize) + Sync,
    {
        self.tasks
            .par_iter()
            .map(|t| {
                let mut acc = init();
                self.for_each_in_task(t, &mut |i, j, r| work(&mut acc, i, j, r));
                acc
            })
            .collect()
    }

    /// Pairs inside the blocks of all rules, counting a pair once per rule that finds it (an
    /// upper bound of the candidate pairs, known before enumerating them).
    pub fn raw_pairs(&self) -> u64 {
        self.groups.iter().map(|g| g.raw_pairs).sum()
    }

    /// Pairs per rule, before and after removing those found by earlier rules, from the
    /// per-rule counts of pairs visited (`new_pairs[r]`).
    pub fn counts(&self, new_pairs: &[u64]) -> Vec<RuleCount> {
        self.rules
            .iter()
            .zip(&self.groups)
            .zip(new_pairs)
            .map(|((r, g), n)| RuleCount { rule: r.text.clone(), pairs: g.raw_pairs, new_pairs: *n })
            .collect()
    }
}

fn make_groups(keys: &[u64], n_left: usize, link: bool) -> Groups {
    let mut pairs: Vec<(u64, u32)> =
        keys.iter().enumerate().filter(|(_, k)| **k != 0).map(|(i, k)| (*k, i as u32)).collect();
    pairs.par_sort_unstable();
    let mut order = Vec::new();
    let mut bounds = Vec::new();
    let mut raw_pairs = 0u64;
    let mut s = 0;
    while s < pairs.len() {
        let mut e = s + 1;
        while e < pairs.len() && pairs[e].0 == pairs[s].0 {
            e += 1;
        }
        let n = (e - s) as u64;
        let left = pairs[s..e].iter().filter(|p| (p.1 as usize) < n_left).count() as u64;
        let p = if link { left * (n - left) } else { n * (n - 1) / 2 };
        if p > 0 {
            bounds.push(order.len());
            order.extend(pairs[s..e].iter().map(|p| p.1));
            raw_pairs += p;
        }
        s = e;
    }
    bounds.push(order.len());
    Groups { order, bounds, raw_pairs }
}

fn plan_tasks(rule: usize, g: &Groups, n_left: usize, link: bool, tasks: &mut Vec<Task>) {
    let n_groups = g.bounds.len() - 1;
    let mut start = 0;
    let mut acc = 0u64;
    for gi in 0..n_groups {
        let members = &g.order[g.bounds[gi]..g.bounds[gi + 1]];
        let n = members.len();
        let split = members.partition_point(|&r| (r as usize) < n_left);
        let pairs = if link { (split * (n - split)) as u64 } else { (n * (n - 1) / 2) as u64 };
        if pairs > 4 * TASK_PAIRS {
            if start < gi {
                tasks.push(Task { rule, g0: start, g1: gi, a0: 0, a1: usize::MAX });
            }
            // Split a large group by the position of the first member of the pair.
            let firsts = if link { split } else { n };
            let mut a0 = 0;
            let mut chunk = 0u64;
            for a in 0..firsts {
                chunk += if link { (n - split) as u64 } else { (n - 1 - a) as u64 };
                if chunk >= TASK_PAIRS || a + 1 == firsts {
                    tasks.push(Task { rule, g0: gi, g1: gi + 1, a0, a1: a + 1 });
                    a0 = a + 1;
                    chunk = 0;
                }
            }
            start = gi + 1;
            acc = 0;
            continue;
        }
        acc += pairs;
        if acc >= TASK_PAIRS {
            tasks.push(Task { rule, g0: start, g1: gi + 1, a0: 0, a1: usize::MAX });
            start = gi + 1;
            acc = 0;
        }
    }
    if start < n_groups {
        tasks.push(Task { rule, g0: start, g1: n_groups, a0: 0, a1: usize::MAX });
    }
}

#[cfg(test)]
mod tests;
