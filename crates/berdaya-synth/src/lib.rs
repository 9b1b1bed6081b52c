//! Synthetic Indonesian data for Berdaya: realistic, deterministic for a seed, streaming.
//!
//! - [`generate_owners`] writes a Dinas-style spreadsheet of UMKM owners and businesses
//!   (`berdaya gen owners`), with planted duplicates and errors and a truth file.
//! - [`generate_bpum`] writes a BPUM-scale applicant list with exclusion lists, a civil
//!   registry view and planted cases of every BPK 2020 audit category (`berdaya gen bpum`).
//!
//! Everything is real where it can be: kecamatan and desa come from the embedded
//! Kemendagri list, NIKs encode the kecamatan of issue, birth date (+40 for women) and a
//! serial unique per (kecamatan, date, sex), phones use real operator prefixes, KBLI codes are
//! 2020 codes that fit the business. Names are drawn per region from lists written for this
//! crate (Javanese, Sundanese, Bugis, Banjar, Batak, Minang, Malay, Chinese-Indonesian,
//! Balinese, eastern Christian traditions). Memory does not grow with the row count.
//!
//! The same options and seed give byte-identical output with the same build.

mod bpum;
mod business;
mod contact;
mod csvout;
mod names;
mod nik;
mod owners;
mod person;
mod region;
mod rng;
mod row;

use std::collections::BTreeMap;
use std::fmt;

pub use bpum::{APPLICANT_HEADERS, BpumOptions, BpumRates, Kind as BpumKind, generate_bpum};
pub use owners::{OWNER_HEADERS, OWNER_TRUTH_HEADERS, OwnersOptions, generate_owners};

/// What a generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct GenSummary {
    /// Data rows in the main file (applicants for BPUM).
    pub rows: u64,
    /// Distinct synthetic people behind those rows.
    pub persons: u64,
    /// Businesses (owners file) or applicants with a business (BPUM).
    pub businesses: u64,
    /// Planted duplicate rows.
    pub duplicates: u64,
    /// Planted error rows (owners) or planted ineligible/review rows (BPUM).
    pub errors: u64,
    /// Rows per truth-file kind.
    pub by_kind: BTreeMap<String, u64>,
    /// Rows per extra file (BPUM: asn.csv, kur.csv, …).
    pub files: BTreeMap<String, u64>,
}

impl fmt::Display for GenSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} baris, {} orang, {} usaha, {} duplikat, {} ditanam salah",
            self.rows, self.persons, self.businesses, self.duplicates, self.errors
        )?;
        for (k, v) in &self.by_kind {
            write!(f, "\n  {k}: {v}")?;
        }
        for (k, v) in &self.files {
            write!(f, "\n  {k}: {v} baris")?;
        }
        Ok(())
    }
}
