//! Repeated rows within one file (the database decides about rows already registered).
//!
//! Keyed by NIK: the same NIK with the same business name (or with no business on both
//! rows) is a duplicate row; the same NIK with another business is the same owner with one
//! more business. Kept compact (integers, not strings) for files of a million rows.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};

use crate::convert::OwnerRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Seen {
    /// First row of this NIK (or no NIK to compare).
    New,
    /// Same NIK as `first_row`, another business: one owner, several businesses.
    SameOwner { first_row: u64 },
    /// Same NIK and business as `first_row`.
    Duplicate { first_row: u64 },
}

impl Seen {
    /// Message for the result page, in Bahasa.
    pub fn message(&self) -> Option<String> {
        match self {
            Seen::New => None,
            Seen::SameOwner { first_row } => Some(format!(
                "NIK sama dengan baris {first_row}; ditambahkan sebagai usaha lain pemilik yang sama"
            )),
            Seen::Duplicate { first_row } => Some(format!(
                "Duplikat baris {first_row} (NIK dan nama usaha sama)"
            )),
        }
    }
}

#[derive(Debug, Default)]
pub struct InFileDuplicates {
    /// NIK as a number → (business key, first row) for each business seen.
    seen: HashMap<u64, Vec<(u64, u64)>>,
}

fn business_key(row: &OwnerRow) -> u64 {
    let name = row
        .business
        .as_ref()
        .and_then(|b| b.nama_usaha.as_deref())
        .unwrap_or("");
    let normal: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let mut h = DefaultHasher::new();
    normal.hash(&mut h);
    h.finish()
}

impl InFileDuplicates {
    pub fn new() -> Self {
        Self::default()
    }

    /// The row's first copy among those recorded, without recording it: a copy of a row
    /// already taken is a duplicate even when its own other cells (its region) are missing.
    pub fn copy_of(&self, row: &OwnerRow) -> Option<u64> {
        let nik = row.owner.nik.as_ref().and_then(|n| n.as_str().parse::<u64>().ok())?;
        let key = business_key(row);
        self.seen.get(&nik)?.iter().find(|(k, _)| *k == key).map(|&(_, first_row)| first_row)
    }

    /// Record a row (call only for rows that were not rejected) and say what it is.
    pub fn check(&mut self, row: &OwnerRow) -> Seen {
        let Some(nik) = row
            .owner
            .nik
            .as_ref()
            .and_then(|n| n.as_str().parse::<u64>().ok())
        else {
            return Seen::New;
        };
        let key = business_key(row);
        let entry = self.seen.entry(nik).or_default();
        if let Some(&(_, first_row)) = entry.iter().find(|(k, _)| *k == key) {
            return Seen::Duplicate { first_row };
        }
        let first_owner_row = entry.first().map(|(_, r)| *r);
        entry.push((key, row.row_number));
        match first_owner_row {
            Some(first_row) => Seen::SameOwner { first_row },
            None => Seen::New,
        }
    }
}
