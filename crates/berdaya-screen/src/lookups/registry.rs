//! The civil-registry view (Dukcapil): NIK → row, birth date, alive, name.

use chrono::NaiveDate;
use rayon::prelude::*;

use super::floor_char_boundary;
use crate::key;
use crate::sorted::{SortedMap, Split};

/// One person in the civil-registry view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryRecord {
    pub row: u64,
    pub nik: String,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub alive: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RegistryEntry {
    pub row: u64,
    pub birth: i32,
    /// [`key::folded_name_hash`] of the name.
    pub folded: u64,
    /// The name: `len` bytes at `at` in the registry's name buffer number `part`.
    name_at: u32,
    part: u32,
    name_len: u16,
    pub alive: bool,
}

/// A view of the civil registry (Dukcapil): NIK, name, birth date, alive or dead.
#[derive(Debug, Clone)]
pub struct CivilRegistry {
    pub version: String,
    pub source: String,
    pub(crate) by_nik: SortedMap<RegistryEntry>,
    /// Names as written (trimmed), one buffer per part read.
    names: Vec<String>,
    /// Rows whose NIK is not 16 digits (ignored).
    pub bad_nik_rows: u64,
}

/// Registry rows read from one block (or one chunk of records), not yet in the registry;
/// names are in the part's own buffer.
#[derive(Debug, Default)]
pub(crate) struct RegistryPart {
    rows: Split<RegistryEntry>,
    names: String,
    bad_nik_rows: u64,
}

impl RegistryPart {
    pub(crate) fn with_capacity(names: usize) -> RegistryPart {
        RegistryPart {
            names: String::with_capacity(names),
            ..RegistryPart::default()
        }
    }

    /// Add one row (a NIK seen before keeps its first row when the part is added).
    pub(crate) fn add(&mut self, row: u64, nik: &str, name: &str, birth_date: Option<NaiveDate>, alive: bool) {
        let Some(nik) = key::nik_key(nik) else {
            self.bad_nik_rows += 1;
            return;
        };
        let name = name.trim();
        let name = &name[..floor_char_boundary(name, u16::MAX as usize)];
        let name_at = self.names.len() as u32;
        self.names.push_str(name);
        self.rows.push(
            nik,
            RegistryEntry {
                row,
                birth: key::day_number(birth_date),
                folded: key::folded_name_hash(name),
                name_at,
                part: 0,
                name_len: name.len() as u16,
                alive,
            },
        );
    }

    fn of_records(records: &[RegistryRecord]) -> RegistryPart {
        let mut p = RegistryPart::with_capacity(records.iter().map(|r| r.name.len()).sum());
        for r in records {
            p.add(r.row, &r.nik, &r.name, r.birth_date, r.alive);
        }
        p
    }
}

impl CivilRegistry {
    pub fn new(version: impl Into<String>, source: impl Into<String>) -> Self {
        CivilRegistry {
            version: version.into(),
            source: source.into(),
            by_nik: SortedMap::default(),
            names: Vec::new(),
            bad_nik_rows: 0,
        }
    }

    /// A registry from records (a NIK seen before keeps its first record); built on all
    /// cores.
    pub fn from_records(
        version: impl Into<String>,
        source: impl Into<String>,
        records: impl IntoIterator<Item = RegistryRecord>,
    ) -> Self {
        let mut r = CivilRegistry::new(version, source);
        let records: Vec<RegistryRecord> = records.into_iter().collect();
        let parts = records.par_chunks(1 << 16).map(RegistryPart::of_records).collect();
        r.extend_parts(parts);
        r
    }

    /// Add one person; a NIK seen before keeps its first record.
    pub fn push(&mut self, rec: RegistryRecord) {
        let Some(nik) = key::nik_key(&rec.nik) else {
            self.bad_nik_rows += 1;
            return;
        };
        if self.by_nik.find(nik).is_some() {
            return;
        }
        let name = rec.name.trim();
        let name = &name[..floor_char_boundary(name, u16::MAX as usize)];
        if self.names.last().is_none_or(|n| n.len() + name.len() > u32::MAX as usize) {
            self.names.push(String::new());
        }
        let part = self.names.len() - 1;
        let buf = &mut self.names[part];
        let name_at = buf.len() as u32;
        buf.push_str(name);
        self.by_nik.insert_first(
            nik,
            RegistryEntry {
                row: rec.row,
                birth: key::day_number(rec.birth_date),
                folded: key::folded_name_hash(name),
                name_at,
                part: part as u32,
                name_len: name.len() as u16,
                alive: rec.alive,
            },
        );
    }

    /// Add parts in order (file order), each key range of the NIK map sorted on its own
    /// core.
    pub(crate) fn extend_parts(&mut self, parts: Vec<RegistryPart>) {
        let mut splits = Vec::with_capacity(parts.len());
        for mut p in parts {
            let part = self.names.len() as u32;
            p.rows.for_each_value(|e| e.part = part);
            self.names.push(p.names);
            self.bad_nik_rows += p.bad_nik_rows;
            splits.push(p.rows);
        }
        self.by_nik.extend(splits);
    }

    /// The entry of a NIK.
    pub(crate) fn get(&self, nik: u64) -> Option<&RegistryEntry> {
        self.by_nik.get(nik)
    }

    pub(crate) fn name_of(&self, e: &RegistryEntry) -> &str {
        let a = e.name_at as usize;
        self.names
            .get(e.part as usize)
            .and_then(|n| n.get(a..a + e.name_len as usize))
            .unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.by_nik.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `data Dukcapil versi 2026-10`.
    pub fn title(&self) -> String {
        format!("data Dukcapil versi {}", self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_record_of_a_nik_wins_in_bulk_and_one_by_one() {
        let recs: Vec<RegistryRecord> = (0..150_000u64)
            .map(|i| RegistryRecord {
                row: i + 2,
                nik: if i % 1000 == 7 { "x".into() } else { format!("{:016}", 6_474_000_000_000_000 + i % 100_003) },
                name: format!("  Nama {i} "),
                birth_date: NaiveDate::from_ymd_opt(1990, 1, 1 + (i % 28) as u32),
                alive: i % 3 != 0,
            })
            .collect();
        let bulk = CivilRegistry::from_records("1", "t", recs.clone());
        let mut one = CivilRegistry::new("1", "t");
        for r in recs.iter().take(2_000).cloned() {
            one.push(r);
        }
        assert_eq!(bulk.bad_nik_rows, 150);
        for (reg, n) in [(&bulk, recs.len()), (&one, 2_000)] {
            let mut first = std::collections::HashMap::new();
            for r in &recs[..n] {
                if let Some(k) = key::nik_key(&r.nik) {
                    first.entry(k).or_insert(r);
                }
            }
            assert_eq!(reg.len(), first.len());
            for (k, r) in first {
                let e = reg.get(k).expect("present");
                assert_eq!((e.row, e.alive, e.birth), (r.row, r.alive, key::day_number(r.birth_date)));
                assert_eq!(reg.name_of(e), r.name.trim());
            }
        }
    }
}
