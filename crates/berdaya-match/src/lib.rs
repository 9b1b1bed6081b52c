//! berdaya-match: record linkage for Indonesian registries.
//!
//! The pipeline, in the order the modules run:
//! 1. [`normalize`]: Indonesian names (titles, degrees, old spellings, forms of Muhammad),
//!    addresses (Jl./Gg./RT/RW/No.), dates, NIK, phone numbers.
//! 2. [`data`]: records become columns of interned normalised values.
//! 3. [`blocking`]: candidate pairs from a union of equality joins, deduplicated across rules.
//! 4. [`compare`]: each candidate pair gets a comparison vector (one level per comparison).
//! 5. [`em`]: u from random pairs, m and the match prior by expectation-maximisation.
//! 6. [`score`]: Fellegi-Sunter match weights with term-frequency adjustment and an
//!    [`explain::Explanation`] of what each comparison contributed.
//! 7. [`cluster`]: connected components of the pairs above a threshold (union-find).
//!
//! [`engine`] ties these together; [`cli`] is what the `berdaya dedup` / `berdaya link`
//! subcommands call.

pub mod blocking;
pub mod cli;
pub mod cluster;
pub mod compare;
pub mod config;
pub mod data;
pub mod em;
pub mod engine;
pub mod explain;
pub mod fxhash;
pub mod normalize;
pub mod rng;
pub mod score;
pub mod similarity;

pub use cli::{DedupOptions, LinkOptions, run_dedup, run_link};
pub use config::{Config, FieldKind, FieldSpec};
pub use data::Dataset;
pub use engine::{MatchResult, Mode, ScoredPair, Settings, run};
pub use score::Model;
pub use explain::{Contribution, Explanation};
