//! Why a pair scored what it did: one line per comparison.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What one comparison added to a pair's match weight (log2 of a likelihood ratio).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub comparison: String,
    pub level: u8,
    pub label: String,
    /// log2(m/u) of the level.
    pub weight: f64,
    /// Term-frequency adjustment on exact agreement (negative for common values).
    pub tf_adjustment: f64,
}

/// A pair's match weight decomposed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// log2 prior odds that two random records match.
    pub prior: f64,
    pub contributions: Vec<Contribution>,
    /// prior + Σ (weight + tf_adjustment).
    pub total: f64,
    pub probability: f64,
}

impl Explanation {
    pub fn new(prior: f64, contributions: Vec<Contribution>) -> Self {
        let total = prior + contributions.iter().map(|c| c.weight + c.tf_adjustment).sum::<f64>();
        Explanation { prior, contributions, total, probability: probability(total) }
    }
}

/// Match probability of a match weight.
pub fn probability(weight: f64) -> f64 {
    let odds = weight.exp2();
    if odds.is_infinite() { 1.0 } else { odds / (1.0 + odds) }
}

impl fmt::Display for Explanation {
    /// `first_name=exact(+6.1,tf-1.2); dob=same year(-3.0); … prior -12.3 → 4.2`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.contributions {
            write!(f, "{}={}({:+.2}", c.comparison, c.label, c.weight)?;
            if c.tf_adjustment != 0.0 {
                write!(f, ",tf{:+.2}", c.tf_adjustment)?;
            }
            write!(f, "); ")?;
        }
        write!(f, "prior {:+.2} => {:.2}", self.prior, self.total)
    }
}
