//! The fitted Fellegi-Sunter model: match weight of a pair, with early exit and explanation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::compare::{Comparison, level_labels};
use crate::data::Dataset;
use crate::explain::{Contribution, Explanation};

/// The most common values of a field in the data a model was trained on, so that a model
/// scoring a handful of records elsewhere still knows that "siti" is common.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Frequencies {
    pub non_null: u64,
    pub counts: BTreeMap<String, u32>,
}

/// Parameters of a fitted model. Serialisable, so a model trained on a region's registry can
/// score new records (the entry form's duplicate warning) without retraining.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub comparisons: Vec<Comparison>,
    /// m[c][l]: P(level l | match); index 0 (missing) unused.
    pub m: Vec<Vec<f64>>,
    /// u[c][l]: P(level l | non-match).
    pub u: Vec<Vec<f64>>,
    /// Probability that two records drawn at random match.
    pub prior: f64,
    /// Per comparison (empty without tf): the training data's common values.
    #[serde(default)]
    pub frequencies: Vec<Frequencies>,
    #[serde(skip)]
    weights: Vec<Vec<f64>>,
    #[serde(skip)]
    best_inexact: Vec<f64>,
    #[serde(skip)]
    order: Vec<usize>,
    /// Per comparison with tf, the adjustment of each distinct value (see [`Model::index_values`]).
    #[serde(skip)]
    tf_table: Vec<Vec<f64>>,
}

impl Model {
    pub fn new(comparisons: Vec<Comparison>, m: Vec<Vec<f64>>, u: Vec<Vec<f64>>, prior: f64) -> Model {
        let mut model =
            Model { comparisons, m, u, prior, frequencies: vec![], weights: vec![], best_inexact: vec![], order: vec![], tf_table: vec![] };
        model.prepare();
        model
    }

    /// Recompute the derived tables (after deserialising).
    pub fn prepare(&mut self) {
        self.weights = self
            .m
            .iter()
            .zip(&self.u)
            .map(|(m, u)| {
                m.iter()
                    .zip(u)
                    .enumerate()
                    .map(|(l, (m, u))| if l == 0 { 0.0 } else { (m.max(1e-9) / u.max(1e-9)).log2() })
                    .collect()
            })
            .collect();
        self.best_inexact = self
            .weights
            .iter()
            .map(|w| w[2..].iter().copied().fold(f64::NEG_INFINITY, f64::max))
            .collect();
        let mut order: Vec<usize> = (0..self.comparisons.len()).collect();
        order.sort_by_key(|&c| self.comparisons[c].cost());
        self.order = order;
    }

    /// log2 prior odds.
    pub fn prior_weight(&self) -> f64 {
        (self.prior / (1.0 - self.prior)).log2()
    }

    /// log2(m/u) of level `l` of comparison `c`.
    pub fn level_weight(&self, c: usize, l: u8) -> f64 {
        self.weights[c][l as usize]
    }

    /// Keep the `top` most common values (seen at least twice) of each tf field of `ds`.
    pub fn remember_frequencies(&mut self, ds: &Dataset, top: usize) {
        self.frequencies = self
            .comparisons
            .iter()
            .map(|cmp| {
                if !cmp.tf {
                    return Frequencies::default();
                }
                let vals = &ds.values[cmp.field];
                let mut ids: Vec<u32> = (0..vals.len() as u32).filter(|&i| vals.counts[i as usize] >= 2).collect();
                ids.sort_unstable_by_key(|&i| (std::cmp::Reverse(vals.counts[i as usize]), i));
                ids.truncate(top);
                let counts = ids.iter().map(|&i| (vals.text(i).to_string(), vals.counts[i as usize])).collect();
                Frequencies { non_null: vals.non_null, counts }
            })
            .collect();
    }

    /// Precompute the term-frequency adjustment of every value of `ds` (call once per dataset
    /// before scoring many pairs; without it each adjustment is computed on the fly). With
    /// `trained_elsewhere`, frequencies come from [`Model::frequencies`] (a value not among
    /// them counts once) instead of from `ds`.
    pub fn index_values(&mut self, ds: &Dataset, trained_elsewhere: bool) {
        self.tf_table = (0..self.comparisons.len())
            .map(|c| {
                let cmp = &self.comparisons[c];
                if !cmp.tf {
                    return Vec::new();
                }
                let vals = &ds.values[cmp.field];
                match self.frequencies.get(c).filter(|f| trained_elsewhere && f.non_null > 0) {
                    Some(f) => (0..vals.len() as u32)
                        .map(|id| self.tf_of(f.counts.get(vals.text(id)).copied().unwrap_or(1), f.non_null, c))
                        .collect(),
                    None => (0..vals.len()).map(|id| self.tf_of(vals.counts[id], vals.non_null, c)).collect(),
                }
            })
            .collect();
    }

    fn tf_of(&self, count: u32, non_null: u64, c: usize) -> f64 {
        let freq = f64::from(count) / non_null.max(1) as f64;
        (self.u[c][1] / freq.max(1e-12)).log2()
    }

    /// Term-frequency adjustment for exact agreement of comparison `c` on record `i`'s value:
    /// log2(u_exact / frequency of the value).
    pub fn tf_adjustment(&self, ds: &Dataset, c: usize, i: usize) -> f64 {
        let cmp = &self.comparisons[c];
        if !cmp.tf {
            return 0.0;
        }
        let id = ds.id(i, cmp.field) as usize;
        if let Some(&w) = self.tf_table.get(c).and_then(|t| t.get(id)) {
            return w;
        }
        let vals = &ds.values[cmp.field];
        self.tf_of(vals.counts[id], vals.non_null, c)
    }

    fn exact_weight(&self, ds: &Dataset, c: usize, i: usize) -> f64 {
        self.weights[c][1] + self.tf_adjustment(ds, c, i)
    }

    /// Match weight of records `i` and `j`, or `None` as soon as it cannot reach `cutoff`.
    /// Missing and exact levels are read first (two loads each); the rest is computed
    /// cheapest first while an upper bound of the final weight stays above the cutoff.
    pub fn score(&self, ds: &Dataset, i: usize, j: usize, cutoff: f64) -> Option<f64> {
        let mut total = self.prior_weight();
        let mut open = 0u32;
        let mut bound = 0.0;
        for (c, cmp) in self.comparisons.iter().enumerate() {
            match cmp.quick_level(ds, i, j) {
                Some(0) => {}
                Some(_) => total += self.exact_weight(ds, c, i),
                None => {
                    open |= 1 << c;
                    bound += self.best_inexact[c];
                }
            }
        }
        if total + bound < cutoff {
            return None;
        }
        for &c in &self.order {
            if open & (1 << c) == 0 {
                continue;
            }
            let l = self.comparisons[c].level(ds, i, j);
            total += self.weights[c][l as usize];
            bound -= self.best_inexact[c];
            if total + bound < cutoff {
                return None;
            }
        }
        Some(total)
    }

    /// The full decomposition of a pair's weight.
    pub fn explain(&self, ds: &Dataset, i: usize, j: usize) -> Explanation {
        let contributions = self
            .comparisons
            .iter()
            .enumerate()
            .map(|(c, cmp)| {
                let l = cmp.level(ds, i, j);
                Contribution {
                    comparison: cmp.name.clone(),
                    level: l,
                    label: level_labels(cmp.kind)[l as usize].to_string(),
                    weight: self.weights[c][l as usize],
                    tf_adjustment: if l == 1 { self.tf_adjustment(ds, c, i) } else { 0.0 },
                }
            })
            .collect();
        Explanation::new(self.prior_weight(), contributions)
    }
}
