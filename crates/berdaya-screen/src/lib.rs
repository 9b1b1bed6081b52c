//! berdaya-screen: aid eligibility without a database.
//!
//! - [`rules`]: a [`RuleSet`] of declarative [`Block`]s an operator combines (domicile,
//!   NIK valid, Dukcapil match, age, business, scale, business age, sector, exclusion lists,
//!   one per NIK / KK, documents), JSON `{"version":1,"blocks":[…]}`, each block described
//!   in Bahasa and validated with messages in Bahasa.
//! - [`Applicant`] in, [`Decision`] out: a status (eligible / not eligible / needs review)
//!   and one [`RuleResult`] per block with a BPK 2020 category and a reason a person can
//!   check (which list, which version, which row).
//! - [`Lookups`]: versioned [`ExclusionList`]s and an optional [`CivilRegistry`] view, from
//!   records or from CSV/XLSX files, held as integer keys.
//! - [`screen_all`] (all cores, input order, [`Summary`], [`DryRun`]) and [`screen_one`].
//! - [`cli`]: `berdaya screen` for lists of millions.
//!
//! Matching policy: an exact NIK on a list rejects; the same normalised name and birth date
//! under another NIK only asks for review, never rejects. Within one list the same NIK twice
//! rejects the later row; the probable same person under two NIKs (same name and birth date,
//! or same phone) sends both rows to review, each naming the other.

pub mod applicant;
pub mod batch;
pub mod cli;
mod cross;
pub mod decision;
mod engine;
mod fuzzy;
pub mod key;
pub mod lookups;
mod read;
pub mod rules;
mod names;
mod probe;
mod sorted;

pub use applicant::{Applicant, Business};
pub use batch::{DryRun, Progress, Screening, Summary, screen_all, screen_one};
pub use decision::{BpkCategory, Decision, Outcome, RuleResult, Status};
pub use lookups::{CivilRegistry, ExclusionList, ListRecord, Lookups, RegistryRecord, read_list_records, read_registry_records};
pub use read::applicants::read_applicants;
pub use rules::{Block, DomicileBasis, ExclusionKind, RegionNames, Rule, RuleError, RuleSet};
