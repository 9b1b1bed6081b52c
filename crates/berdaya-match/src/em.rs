//! Parameter estimation: u from random pairs, m and the match share by EM.
//!
//! As in the usual Fellegi-Sunter practice, u (the chance a non-matching pair agrees at a
//! level) is measured on pairs drawn at random, almost all of which are non-matches. m is
//! estimated by expectation-maximisation on the candidate pairs, once per blocking rule: a rule
//! that joins on a field makes every pair agree on it, so that field's comparison tells
//! nothing in that rule's pairs and is left out of that session. Each m is the mean over the
//! sessions that could estimate it.

use crate::fxhash::FxHashMap;

use rayon::prelude::*;

use crate::blocking::Rule;
use crate::compare::Comparison;
use crate::data::Dataset;
use crate::rng::SplitMix64;

/// Levels packed 4 bits per comparison.
pub type Gamma = u64;

pub fn level_of(g: Gamma, c: usize) -> usize {
    ((g >> (4 * c)) & 0xf) as usize
}

pub fn gamma(comps: &[Comparison], ds: &Dataset, i: usize, j: usize) -> Gamma {
    comps.iter().enumerate().fold(0, |g, (c, cmp)| g | (u64::from(cmp.level(ds, i, j)) << (4 * c)))
}

/// u per comparison and level from `n_pairs` random pairs (left × right when linking).
pub fn estimate_u(ds: &Dataset, comps: &[Comparison], link: bool, n_pairs: usize, seed: u64) -> Vec<Vec<f64>> {
    let n = ds.len() as u64;
    let nl = ds.n_left as u64;
    let mut rng = SplitMix64::new(seed);
    let pairs: Vec<(u32, u32)> = (0..n_pairs)
        .map(|_| {
            if link {
                (rng.below(nl) as u32, (nl + rng.below(n - nl)) as u32)
            } else {
                let i = rng.below(n);
                let mut j = rng.below(n - 1);
                if j >= i {
                    j += 1;
                }
                (i as u32, j as u32)
            }
        })
        .collect();
    // Visit the first records in order: fewer cache misses, same counts.
    let mut pairs = pairs;
    pairs.sort_unstable();
    let zero = || comps.iter().map(|c| vec![0u64; c.n_levels()]).collect::<Vec<_>>();
    let counts = pairs
        .par_chunks(4096)
        .map(|chunk| {
            let mut acc = zero();
            for &(i, j) in chunk {
                for (c, cmp) in comps.iter().enumerate() {
                    acc[c][cmp.level(ds, i as usize, j as usize) as usize] += 1;
                }
            }
            acc
        })
        .reduce(zero, |mut a, b| {
            for (x, y) in a.iter_mut().zip(b) {
                for (p, q) in x.iter_mut().zip(y) {
                    *p += q;
                }
            }
            a
        });
    counts.iter().map(|c| proportions(c, 0.5)).collect()
}

/// Share of each level ≥ 1 among non-missing, with `prior` pseudo-counts; index 0 stays 0.
fn proportions(counts: &[u64], prior: f64) -> Vec<f64> {
    let total: f64 = counts[1..].iter().map(|&x| x as f64).sum::<f64>() + prior * (counts.len() - 1) as f64;
    let mut p = vec![0.0; counts.len()];
    for l in 1..counts.len() {
        p[l] = (counts[l] as f64 + prior) / total;
    }
    p
}

/// Comparison patterns of (a sample of) the candidate pairs: gamma, rule mask → count.
pub type Patterns = Vec<(Gamma, u32, f64)>;

pub fn merge_patterns(parts: Vec<FxHashMap<(Gamma, u32), u64>>) -> Patterns {
    let mut all: FxHashMap<(Gamma, u32), u64> = FxHashMap::default();
    for p in parts {
        for (k, v) in p {
            *all.entry(k).or_insert(0) += v;
        }
    }
    let mut out: Patterns = all.into_iter().map(|((g, m), n)| (g, m, n as f64)).collect();
    out.sort_unstable_by_key(|a| (a.0, a.1));
    out
}

/// Starting m: most matches agree exactly; the rest spread over lower levels.
pub fn initial_m(comps: &[Comparison]) -> Vec<Vec<f64>> {
    comps
        .iter()
        .map(|c| {
            let l = c.n_levels();
            let mut m = vec![0.0; l];
            let mut w = 0.1;
            for x in m.iter_mut().skip(2) {
                *x = w;
                w *= 0.5;
            }
            let rest: f64 = m.iter().sum();
            m[1] = 1.0;
            let total = 1.0 + rest;
            m.iter().map(|x| x / total).collect()
        })
        .collect()
}

/// The outcome of one EM session.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Session {
    pub rule: String,
    pub pairs: f64,
    pub lambda: f64,
    pub iterations: usize,
    pub estimated: Vec<String>,
}

/// m for each comparison (mean over the rule sessions where it was free) and the reports.
pub fn train_m(
    patterns: &Patterns,
    comps: &[Comparison],
    rules: &[Rule],
    u: &[Vec<f64>],
    max_iter: usize,
) -> (Vec<Vec<f64>>, Vec<Session>) {
    let init = initial_m(comps);
    let mut sum: Vec<Vec<f64>> = init.iter().map(|m| vec![0.0; m.len()]).collect();
    let mut n_est = vec![0usize; comps.len()];
    let mut sessions = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        let sel: Vec<(Gamma, f64)> =
            patterns.iter().filter(|p| p.1 & (1 << r) != 0).map(|p| (p.0, p.2)).collect();
        let pairs: f64 = sel.iter().map(|p| p.1).sum();
        let free: Vec<bool> = comps
            .iter()
            .map(|c| !rule.fields.contains(&c.field) && c.swap.is_none_or(|s| !rule.fields.contains(&s)))
            .collect();
        if pairs < 20.0 || !free.iter().any(|f| *f) {
            continue;
        }
        let (m, lambda, iterations) = em(&sel, &free, u, init.clone(), 0.3, max_iter);
        for c in (0..comps.len()).filter(|&c| free[c]) {
            for (s, x) in sum[c].iter_mut().zip(&m[c]) {
                *s += x;
            }
            n_est[c] += 1;
        }
        let estimated = comps.iter().zip(&free).filter(|(_, f)| **f).map(|(c, _)| c.name.clone()).collect();
        sessions.push(Session { rule: rule.text.clone(), pairs, lambda, iterations, estimated });
    }
    let m = sum
        .into_iter()
        .zip(init)
        .zip(n_est)
        .map(|((s, i), n)| if n == 0 { i } else { s.into_iter().map(|x| x / n as f64).collect() })
        .collect();
    (m, sessions)
}

/// EM over patterns with u fixed: returns m, the match share and the iterations used.
pub fn em(
    patterns: &[(Gamma, f64)],
    free: &[bool],
    u: &[Vec<f64>],
    mut m: Vec<Vec<f64>>,
    mut lambda: f64,
    max_iter: usize,
) -> (Vec<Vec<f64>>, f64, usize) {
    let mut it = 0;
    while it < max_iter {
        it += 1;
        let mut mc: Vec<Vec<f64>> = m.iter().map(|x| vec![0.0; x.len()]).collect();
        let (mut matched, mut total) = (0.0, 0.0);
        for &(g, n) in patterns {
            let p = posterior(g, free, &m, u, lambda);
            matched += p * n;
            total += n;
            for (c, row) in mc.iter_mut().enumerate().filter(|(c, _)| free[*c]) {
                row[level_of(g, c)] += p * n;
            }
        }
        let mut change: f64 = (matched / total - lambda).abs();
        lambda = (matched / total).clamp(1e-9, 1.0 - 1e-9);
        for (c, row) in mc.iter().enumerate().filter(|(c, _)| free[*c]) {
            let denom: f64 = row[1..].iter().sum();
            if denom <= 0.0 {
                continue;
            }
            for l in 1..row.len() {
                let new = (row[l] / denom).max(1e-6);
                change = change.max((new - m[c][l]).abs());
                m[c][l] = new;
            }
        }
        if change < 1e-6 {
            break;
        }
    }
    (m, lambda, it)
}

/// P(match | pattern) under the free comparisons.
pub fn posterior(g: Gamma, free: &[bool], m: &[Vec<f64>], u: &[Vec<f64>], lambda: f64) -> f64 {
    let (mut pm, mut pu) = (lambda, 1.0 - lambda);
    for c in 0..m.len() {
        let l = level_of(g, c);
        if free[c] && l != 0 {
            pm *= m[c][l];
            pu *= u[c][l];
        }
    }
    if pm + pu <= 0.0 { 0.0 } else { pm / (pm + pu) }
}

/// Share of matches among all the candidate pairs, with m and u fixed.
pub fn candidate_match_share(patterns: &Patterns, m: &[Vec<f64>], u: &[Vec<f64>]) -> f64 {
    let all: Vec<(Gamma, f64)> = patterns.iter().map(|p| (p.0, p.2)).collect();
    let free = vec![true; m.len()];
    let mut lambda = 0.1;
    for _ in 0..200 {
        let (mut s, mut t) = (0.0, 0.0);
        for &(g, n) in &all {
            s += posterior(g, &free, m, u, lambda) * n;
            t += n;
        }
        let new = if t > 0.0 { s / t } else { 0.0 };
        if (new - lambda).abs() < 1e-9 {
            return new;
        }
        lambda = new;
    }
    lambda
}
