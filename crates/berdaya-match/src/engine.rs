//! One matching run: block, estimate, score, cluster.

use std::time::Instant;

use anyhow::bail;

use crate::blocking::{Blocking, RuleCount};
use crate::cluster::connected_components;
use crate::compare::Comparison;
use crate::config::Config;
use crate::data::Dataset;
use crate::em::{self, Session};
use crate::fxhash::FxHashMap;
use crate::rng::pair_hash;
use crate::score::Model;

/// Deduplicate one file, or link the left file to the right one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Dedup,
    Link,
}

/// Default match weight threshold (log2 odds including the prior): match probability
/// ≈ 0.97. On FEBRL3 and FEBRL4 every value from 0 to 5 gives the same F1 (see
/// docs/linkage.md); it is kept well above 0 because clustering chains pairs, so one false
/// link joins two whole clusters, and on the 500k stack 4 already lets in a few.
pub const DEFAULT_THRESHOLD: f64 = 5.0;

/// Run settings beyond the config file.
///
/// ```
/// use berdaya_match::Settings;
/// // Match at weight 5; also keep the pairs from weight 2 up for a review queue.
/// let settings = Settings { seed: 42, threshold: Some(5.0), keep_above: Some(2.0), ..Settings::default() };
/// assert!(settings.not_duplicates.is_empty() && settings.model.is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub seed: u64,
    pub threshold: Option<f64>,
    /// Also keep pairs at or above this weight (for a review queue); defaults to the threshold.
    pub keep_above: Option<f64>,
    /// Pairs of record ids an operator marked "bukan duplikat": never returned as pairs and
    /// never joined directly (a third record matching both can still join their clusters).
    pub not_duplicates: Vec<(String, String)>,
    /// A model trained earlier (e.g. on the whole registry) to score with instead of
    /// estimating one: for small inputs such as one new record and its candidates. Its
    /// comparisons must be those of the config's fields.
    pub model: Option<Model>,
}

/// A scored candidate pair (record indices into the dataset, a < b).
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredPair {
    pub a: u32,
    pub b: u32,
    pub weight: f64,
    /// Index of the first blocking rule that found the pair.
    pub rule: usize,
}

/// Everything a run produced.
#[derive(Debug)]
pub struct MatchResult {
    pub model: Model,
    pub threshold: f64,
    pub rule_counts: Vec<RuleCount>,
    pub candidate_pairs: u64,
    pub em_pairs: f64,
    pub sessions: Vec<Session>,
    /// Pairs at or above `min(threshold, keep_above)`, sorted by (a, b).
    pub pairs: Vec<ScoredPair>,
    /// Cluster label per record (components of the pairs at or above the threshold).
    pub clusters: Vec<u32>,
    pub n_clusters: usize,
    pub timings: Vec<(&'static str, f64)>,
}

const U_SAMPLE: usize = 100_000;
const EM_MAX_PAIRS: usize = 250_000;
/// Common values per tf field kept in a model for scoring elsewhere.
const REMEMBERED_VALUES: usize = 10_000;

struct Estimated {
    model: Model,
    rule_counts: Vec<RuleCount>,
    candidate_pairs: u64,
    em_pairs: f64,
    sessions: Vec<Session>,
}

/// u from random pairs; one pass over the candidates counting them per rule and collecting
/// the comparison patterns of a deterministic sample; m by EM; the prior.
#[allow(clippy::too_many_arguments)]
fn estimate(
    ds: &Dataset,
    config: &Config,
    seed: u64,
    link: bool,
    total_pairs: f64,
    blocking: &Blocking,
    comps: Vec<Comparison>,
    timings: &mut Vec<(&'static str, f64)>,
    lap: &mut impl FnMut(&'static str, &mut Vec<(&'static str, f64)>),
) -> Estimated {
    let n = ds.len();
    // 10 random pairs per record, between 25,000 and 100,000 unless configured.
    let default_u = (10 * n).clamp(U_SAMPLE / 4, U_SAMPLE);
    let u_sample = config.u_sample_pairs.unwrap_or(default_u).min(total_pairs as usize).max(1);
    let u = em::estimate_u(ds, &comps, link, u_sample, seed);
    lap("estimate u", timings);

    let em_max = config.em_max_pairs.unwrap_or(EM_MAX_PAIRS) as f64;
    let n_rules = blocking.rules.len();
    let rate = (em_max / blocking.raw_pairs().max(1) as f64).min(1.0);
    let limit = if rate >= 1.0 { u64::MAX } else { (rate * u64::MAX as f64) as u64 };
    let parts = blocking.map_pairs(
        || (FxHashMap::default(), vec![0u64; n_rules]),
        |acc: &mut (FxHashMap<(u64, u32), u64>, Vec<u64>), i, j, rule| {
            acc.1[rule] += 1;
            if limit == u64::MAX || pair_hash(seed, i, j) <= limit {
                let g = em::gamma(&comps, ds, i as usize, j as usize);
                *acc.0.entry((g, blocking.rule_mask(i, j))).or_insert(0) += 1;
            }
        },
    );
    let mut new_pairs = vec![0u64; n_rules];
    let mut maps = Vec::with_capacity(parts.len());
    for (map, counts) in parts {
        for (t, c) in new_pairs.iter_mut().zip(counts) {
            *t += c;
        }
        maps.push(map);
    }
    let candidate_pairs: u64 = new_pairs.iter().sum();
    let patterns = em::merge_patterns(maps);
    let em_pairs: f64 = patterns.iter().map(|p| p.2).sum();
    let (m, sessions) = em::train_m(&patterns, &comps, &blocking.rules, &u, 100);
    let share = em::candidate_match_share(&patterns, &m, &u);
    let prior = (share * candidate_pairs as f64 / total_pairs).clamp(1e-12, 0.5);
    Estimated {
        model: Model::new(comps, m, u, prior),
        rule_counts: blocking.counts(&new_pairs),
        candidate_pairs,
        em_pairs,
        sessions,
    }
}

pub fn run(ds: &Dataset, config: &Config, mode: Mode, settings: &Settings) -> anyhow::Result<MatchResult> {
    let link = mode == Mode::Link;
    let n = ds.len();
    let n_right = n - ds.n_left;
    if (link && (ds.n_left == 0 || n_right == 0)) || (!link && n < 2) {
        bail!("not enough records to match ({n})");
    }
    let comps = Comparison::from_fields(&ds.fields);
    if comps.is_empty() || comps.len() > 16 {
        bail!("between 1 and 16 compared fields are needed, not {}", comps.len());
    }
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, f64)>| {
        timings.push((name, clock.elapsed().as_secs_f64()));
        clock = Instant::now();
    };

    let blocking = Blocking::build(ds, config, link)?;
    lap("blocking", &mut timings);

    let total_pairs = if link { ds.n_left as f64 * n_right as f64 } else { n as f64 * (n as f64 - 1.0) / 2.0 };
    let est = match &settings.model {
        Some(given) => {
            let same = given.comparisons.len() == comps.len()
                && given.comparisons.iter().zip(&comps).all(|(a, b)| a.name == b.name && a.field == b.field && a.kind == b.kind);
            if !same {
                bail!("the given model was trained on other fields than this config's");
            }
            let mut model = given.clone();
            model.prepare();
            let per_task = blocking.map_pairs(|| vec![0u64; blocking.rules.len()], |c, _, _, r| c[r] += 1);
            let new_pairs = per_task.into_iter().fold(vec![0u64; blocking.rules.len()], |mut t, c| {
                t.iter_mut().zip(c).for_each(|(x, y)| *x += y);
                t
            });
            Estimated { model, rule_counts: blocking.counts(&new_pairs), candidate_pairs: new_pairs.iter().sum(), em_pairs: 0.0, sessions: Vec::new() }
        }
        None => estimate(ds, config, settings.seed, link, total_pairs, &blocking, comps, &mut timings, &mut lap),
    };
    let Estimated { mut model, rule_counts, candidate_pairs, em_pairs, sessions } = est;
    let trained_elsewhere = settings.model.is_some();
    if !trained_elsewhere {
        model.remember_frequencies(ds, REMEMBERED_VALUES);
    }
    model.index_values(ds, trained_elsewhere);
    lap("estimate m (EM)", &mut timings);

    let threshold = settings.threshold.or(config.threshold).unwrap_or(DEFAULT_THRESHOLD);
    let cutoff = settings.keep_above.map_or(threshold, |k| k.min(threshold));
    let found = blocking.map_pairs(Vec::new, |acc: &mut Vec<ScoredPair>, i, j, rule| {
        if let Some(weight) = model.score(ds, i as usize, j as usize, cutoff) {
            acc.push(ScoredPair { a: i.min(j), b: i.max(j), weight, rule });
        }
    });
    let mut pairs: Vec<ScoredPair> = found.into_iter().flatten().collect();
    if !settings.not_duplicates.is_empty() {
        let index: FxHashMap<&str, u32> =
            ds.rec_ids.iter().enumerate().map(|(i, id)| (&**id, i as u32)).collect();
        let banned: std::collections::HashSet<(u32, u32)> = settings
            .not_duplicates
            .iter()
            .filter_map(|(x, y)| Some((*index.get(x.as_str())?, *index.get(y.as_str())?)))
            .map(|(a, b)| (a.min(b), a.max(b)))
            .collect();
        pairs.retain(|p| !banned.contains(&(p.a, p.b)));
    }
    pairs.sort_unstable_by_key(|p| (p.a, p.b));
    lap("score pairs", &mut timings);

    let clusters =
        connected_components(n, pairs.iter().filter(|p| p.weight >= threshold).map(|p| (p.a, p.b)));
    let n_clusters = clusters.iter().copied().max().map_or(0, |x| x as usize + 1);
    lap("cluster", &mut timings);

    Ok(MatchResult {
        model,
        threshold,
        rule_counts,
        candidate_pairs,
        em_pairs,
        sessions,
        pairs,
        clusters,
        n_clusters,
        timings,
    })
}
