//! What applicants are checked against: versioned exclusion lists and an optional view of the
//! civil registry (Dukcapil). Built from records (the web module loads them from its
//! database) or read from CSV/XLSX files ([`ExclusionList::read_file`],
//! [`CivilRegistry::read_file`]).
//!
//! In memory a list entry is a few integers (NIK as `u64`, row, a hash of the normalised
//! name and birth date), so millions of entries fit easily.

mod files;
pub use files::{read_list_records, read_registry_records};



use chrono::NaiveDate;
use rayon::prelude::*;

use crate::fuzzy;
use crate::key::{self, FxMap};
use crate::rules::ExclusionKind;

/// One row of an exclusion list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListRecord {
    /// Row number in the source (shown in reasons so a person can find it).
    pub row: u64,
    pub nik: String,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    /// `false` for an entry that no longer excludes (a KUR loan paid off: status `lunas`).
    pub active: bool,
    /// Short detail shown in reasons (e.g. `TNI, Kodim` or `BRI, aktif`).
    pub detail: String,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct ListEntry {
    pub row: u64,
    pub nik: u64,
    pub birth: i32,
    pub active: bool,
    pub detail: u32,
    name_at: u32,
    name_len: u16,
    /// Length of the softened name ([`fuzzy::soften`]), stored right after the name.
    soft_len: u8,
}

/// One versioned exclusion list.
#[derive(Debug, Clone)]
pub struct ExclusionList {
    pub kind: ExclusionKind,
    /// Version as the provider states it (`2026-10`, a file date, an upload id).
    pub version: String,
    /// Where it came from (file name), for reasons and reports.
    pub source: String,
    pub(crate) entries: Vec<ListEntry>,
    pub(crate) by_nik: FxMap<u64, u32>,
    /// Blocking key (birth date + first or last name token) → head of a chain in `chain`.
    by_token: FxMap<u64, u32>,
    /// Chains of candidates per blocking key.
    chain: Vec<Node>,
    /// Normalised names, each followed by its softened form, back to back.
    names: String,
    details: Vec<String>,
    detail_ids: FxMap<String, u32>,
    /// Rows whose NIK is not 16 digits (kept out of the exact index; still matched by name
    /// and birth date).
    pub bad_nik_rows: u64,
}

/// One candidate in a chain: the entry, the next node (`u32::MAX` at the end) and the
/// entry's name [`fuzzy::signature`], so that most candidates are ruled out here.
#[derive(Debug, Clone, Copy)]
struct Node {
    entry: u32,
    next: u32,
    sig: u64,
}

/// A record with its keys computed (in parallel, before insertion).
pub(crate) struct Prepared {
    row: u64,
    nik: Option<u64>,
    norm: Option<String>,
    birth: i32,
    active: bool,
    detail: String,
}

impl ListRecord {
    pub(crate) fn prepare(self) -> Prepared {
        Prepared {
            row: self.row,
            nik: key::nik_key(&self.nik),
            norm: berdaya_match::normalize::normalize_name(&self.name),
            birth: key::day_number(self.birth_date),
            active: self.active,
            detail: self.detail,
        }
    }
}

impl ExclusionList {
    /// An empty list.
    pub fn new(kind: ExclusionKind, version: impl Into<String>, source: impl Into<String>) -> Self {
        ExclusionList {
            kind,
            version: version.into(),
            source: source.into(),
            entries: Vec::new(),
            by_nik: FxMap::default(),
            by_token: FxMap::default(),
            chain: Vec::new(),
            names: String::new(),
            details: Vec::new(),
            detail_ids: FxMap::default(),
            bad_nik_rows: 0,
        }
    }

    /// A list from records (keys are computed on all cores).
    pub fn from_records(
        kind: ExclusionKind,
        version: impl Into<String>,
        source: impl Into<String>,
        records: Vec<ListRecord>,
    ) -> Self {
        let mut l = ExclusionList::new(kind, version, source);
        let prepared: Vec<Prepared> = records.into_par_iter().map(ListRecord::prepare).collect();
        l.extend_prepared(prepared);
        l
    }

    /// Add one record.
    pub fn push(&mut self, rec: ListRecord) {
        self.extend_prepared(vec![rec.prepare()]);
    }

    pub(crate) fn extend_prepared(&mut self, batch: Vec<Prepared>) {
        self.entries.reserve(batch.len());
        for p in batch {
            let idx = self.entries.len() as u32;
            let detail = self.intern(p.detail);
            let nik = p.nik.unwrap_or(0);
            if let Some(n) = p.nik {
                self.by_nik.entry(n).or_insert(idx);
            } else {
                self.bad_nik_rows += 1;
            }
            let name_at = self.names.len() as u32;
            let mut name_len = 0u16;
            let mut soft_len = 0u8;
            if let Some(norm) = &p.norm {
                let n = &norm[..floor_char_boundary(norm, 200)];
                self.names.push_str(n);
                name_len = n.len() as u16;
                let before = self.names.len();
                fuzzy::soften_into(n, &mut self.names);
                // At most as long as the name, which is at most 200 bytes.
                soft_len = (self.names.len() - before).min(u8::MAX as usize) as u8;
                let sig = fuzzy::signature(n, &self.names[before..]);
                for k in fuzzy::token_keys(n, p.birth).into_iter().flatten() {
                    let node = self.chain.len() as u32;
                    let next = self.by_token.insert(k, node).unwrap_or(u32::MAX);
                    self.chain.push(Node { entry: idx, next, sig });
                }
            }
            self.entries.push(ListEntry {
                row: p.row,
                nik,
                birth: p.birth,
                active: p.active,
                detail,
                name_at,
                name_len,
                soft_len,
            });
        }
    }

    fn intern(&mut self, d: String) -> u32 {
        if let Some(&i) = self.detail_ids.get(&d) {
            return i;
        }
        let i = self.details.len() as u32;
        self.details.push(d.clone());
        self.detail_ids.insert(d, i);
        i
    }

    /// Entries sharing one of the blocking keys ([`fuzzy::token_keys`] of a normalised name
    /// and birth day) whose name [`fuzzy::signature`] may match `sig`, in chain order.
    pub(crate) fn candidates(&self, keys: &[Option<u64>; 3], sig: u64) -> impl Iterator<Item = &ListEntry> {
        let heads = keys.map(|k| k.and_then(|k| self.by_token.get(&k).copied()));
        heads.into_iter().flatten().flat_map(move |mut node| {
            std::iter::from_fn(move || {
                loop {
                    let n = *self.chain.get(node as usize)?;
                    node = n.next;
                    if fuzzy::may_match(sig, n.sig) {
                        return self.entries.get(n.entry as usize);
                    }
                }
            })
        })
    }

    /// The normalised name of an entry.
    pub(crate) fn name_of(&self, e: &ListEntry) -> &str {
        let a = e.name_at as usize;
        self.names.get(a..a + e.name_len as usize).unwrap_or("")
    }

    /// The softened normalised name of an entry ([`fuzzy::soften`]).
    pub(crate) fn soft_of(&self, e: &ListEntry) -> &str {
        let a = e.name_at as usize + e.name_len as usize;
        self.names.get(a..a + e.soft_len as usize).unwrap_or("")
    }

    pub(crate) fn detail(&self, e: &ListEntry) -> &str {
        self.details.get(e.detail as usize).map_or("", String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `daftar ASN versi 2026-10` (with the file name when it adds something).
    pub fn title(&self) -> String {
        format!("{} versi {}", self.kind.label(), self.version)
    }
}

/// One person in the civil-registry view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegistryRecord {
    pub row: u64,
    pub nik: String,
    pub name: String,
    pub birth_date: Option<NaiveDate>,
    pub alive: bool,
}

/// A registry record with its keys computed (in parallel, before insertion).
pub(crate) struct RegPrepared {
    nik: Option<u64>,
    row: u64,
    birth: i32,
    alive: bool,
    folded: u64,
    name: String,
}

impl RegistryRecord {
    pub(crate) fn prepare(self) -> RegPrepared {
        let name = self.name.trim();
        let name = name[..floor_char_boundary(name, u16::MAX as usize)].to_string();
        RegPrepared {
            nik: key::nik_key(&self.nik),
            row: self.row,
            birth: key::day_number(self.birth_date),
            alive: self.alive,
            folded: key::folded_name_hash(&name),
            name,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct RegistryEntry {
    pub row: u64,
    pub birth: i32,
    pub alive: bool,
    pub folded: u64,
    name_at: u32,
    name_len: u16,
}

/// A view of the civil registry (Dukcapil): NIK, name, birth date, alive or dead.
#[derive(Debug, Clone)]
pub struct CivilRegistry {
    pub version: String,
    pub source: String,
    pub(crate) by_nik: FxMap<u64, RegistryEntry>,
    names: String,
    /// Rows whose NIK is not 16 digits (ignored).
    pub bad_nik_rows: u64,
}

impl CivilRegistry {
    pub fn new(version: impl Into<String>, source: impl Into<String>) -> Self {
        CivilRegistry {
            version: version.into(),
            source: source.into(),
            by_nik: FxMap::default(),
            names: String::new(),
            bad_nik_rows: 0,
        }
    }

    pub fn from_records(
        version: impl Into<String>,
        source: impl Into<String>,
        records: impl IntoIterator<Item = RegistryRecord>,
    ) -> Self {
        let mut r = CivilRegistry::new(version, source);
        for rec in records {
            r.push(rec);
        }
        r
    }

    /// Add one person; a NIK seen before keeps its first record.
    pub fn push(&mut self, rec: RegistryRecord) {
        self.push_prepared(rec.prepare());
    }

    pub(crate) fn push_prepared(&mut self, p: RegPrepared) {
        let Some(nik) = p.nik else {
            self.bad_nik_rows += 1;
            return;
        };
        let std::collections::hash_map::Entry::Vacant(slot) = self.by_nik.entry(nik) else {
            return;
        };
        let name_at = self.names.len() as u32;
        self.names.push_str(&p.name);
        slot.insert(RegistryEntry {
            row: p.row,
            birth: p.birth,
            alive: p.alive,
            folded: p.folded,
            name_at,
            name_len: p.name.len() as u16,
        });
    }

    pub(crate) fn name_of(&self, e: &RegistryEntry) -> &str {
        let a = e.name_at as usize;
        self.names.get(a..a + e.name_len as usize).unwrap_or("")
    }

    pub fn len(&self) -> usize {
        self.by_nik.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_nik.is_empty()
    }

    /// `data Dukcapil versi 2026-10`.
    pub fn title(&self) -> String {
        format!("data Dukcapil versi {}", self.version)
    }
}

fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Everything screening checks against.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    pub lists: Vec<ExclusionList>,
    pub registry: Option<CivilRegistry>,
}

impl Lookups {
    pub fn new() -> Self {
        Lookups::default()
    }

    pub fn with_list(mut self, list: ExclusionList) -> Self {
        self.lists.push(list);
        self
    }

    pub fn with_registry(mut self, registry: CivilRegistry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Lists of one kind.
    pub fn lists_of(&self, kind: ExclusionKind) -> impl Iterator<Item = &ExclusionList> {
        self.lists.iter().filter(move |l| l.kind == kind)
    }
}
