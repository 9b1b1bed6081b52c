//! Exclusion lists: entries as integers, an exact index by NIK and a blocking index for
//! probable matches by name and birth date.

use std::cmp::Reverse;

use chrono::NaiveDate;
use rayon::prelude::*;

use super::floor_char_boundary;
use crate::fuzzy;
use crate::key::{self, FxMap};
use crate::names;
use crate::rules::ExclusionKind;
use crate::sorted::{SortedMap, Split};

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
    /// NIK → the first entry with it.
    pub(crate) by_nik: SortedMap<u32>,
    /// Candidates per blocking key (birth date + first or last name token).
    tokens: TokenIndex,
    /// Normalised names, each followed by its softened form, back to back.
    names: String,
    details: Vec<String>,
    detail_ids: FxMap<String, u32>,
    /// Rows whose NIK is not 16 digits (kept out of the exact index; still matched by name
    /// and birth date).
    pub bad_nik_rows: u64,
}

/// One blocking key of an entry, with the entry's name [`fuzzy::signature`].
#[derive(Debug, Clone, Copy)]
struct Node {
    key: u64,
    entry: u32,
    sig: u64,
}

/// The entries of each blocking key side by side, the latest entry first, so that a key's
/// candidates are read in one sweep (and most ruled out by their signature alone) instead
/// of one cache miss per candidate.
#[derive(Debug, Clone, Default)]
pub(crate) struct TokenIndex {
    /// Key → (first, count) in `sigs` / `entry`.
    pub(crate) by_key: SortedMap<(u32, u32)>,
    sigs: Vec<u64>,
    entry: Vec<u32>,
}

impl TokenIndex {
    /// The index of `nodes` merged with this one's.
    fn rebuilt(&self, mut nodes: Vec<Node>) -> TokenIndex {
        nodes.reserve(self.sigs.len());
        for (key, &(first, count)) in self.by_key.iter() {
            let r = first as usize..(first + count) as usize;
            nodes.extend(self.entry[r.clone()].iter().zip(&self.sigs[r]).map(|(&entry, &sig)| Node { key, entry, sig }));
        }
        // The latest entry first within a key: the order in which candidates were always
        // tried (the first probable match found is the one named in the reason).
        nodes.par_sort_unstable_by_key(|n| (n.key, Reverse(n.entry)));
        let (mut keys, mut runs) = (Vec::new(), Vec::new());
        let mut first = 0u32;
        for run in nodes.chunk_by(|a, b| a.key == b.key) {
            keys.push(run[0].key);
            runs.push((first, run.len() as u32));
            first += run.len() as u32;
        }
        let by_key = SortedMap::from_sorted(keys, runs);
        let (sigs, entry) = rayon::join(
            || nodes.par_iter().map(|n| n.sig).collect(),
            || nodes.par_iter().map(|n| n.entry).collect(),
        );
        TokenIndex { by_key, sigs, entry }
    }

    /// The candidates of the key at position `i` of `by_key`: (signature, entry).
    #[inline]
    pub(crate) fn run(&self, i: usize) -> impl Iterator<Item = (u64, u32)> + '_ {
        let &(first, count) = self.by_key.value(i);
        let r = first as usize..(first + count) as usize;
        self.sigs[r.clone()].iter().copied().zip(self.entry[r].iter().copied())
    }
}

/// List rows read from one block (or one chunk of records), keys computed, not yet in the
/// list: entries, names and details are numbered within the part.
#[derive(Debug, Default)]
pub(crate) struct ListPart {
    entries: Vec<ListEntry>,
    niks: Split<u32>,
    nodes: Vec<Node>,
    names: String,
    details: Vec<String>,
    detail_ids: FxMap<String, u32>,
    bad_nik_rows: u64,
    /// Reused for the detail text of a row.
    pub(crate) scratch: String,
}

impl ListPart {
    pub(crate) fn with_capacity(rows: usize) -> ListPart {
        ListPart {
            entries: Vec::with_capacity(rows),
            nodes: Vec::with_capacity(rows * 2),
            names: String::with_capacity(rows * 24),
            ..ListPart::default()
        }
    }

    fn intern(&mut self, d: &str) -> u32 {
        if let Some(&i) = self.detail_ids.get(d) {
            return i;
        }
        let i = self.details.len() as u32;
        self.details.push(d.to_string());
        self.detail_ids.insert(d.to_string(), i);
        i
    }

    /// Add one row; `detail` is shown in reasons.
    pub(crate) fn add(&mut self, row: u64, nik: &str, name: &str, birth_date: Option<NaiveDate>, active: bool, detail: &str) {
        let idx = self.entries.len() as u32;
        let detail = self.intern(detail);
        let nik = key::nik_key(nik);
        if let Some(n) = nik {
            self.niks.push(n, idx);
        } else {
            self.bad_nik_rows += 1;
        }
        let birth = key::day_number(birth_date);
        let name_at = self.names.len() as u32;
        let mut name_len = 0u16;
        let mut soft_len = 0u8;
        let keys = names::name_keys(name);
        if let Some(norm) = &keys.norm {
            let n = &norm[..floor_char_boundary(norm, 200)];
            self.names.push_str(n);
            name_len = n.len() as u16;
            let before = self.names.len();
            let (sig, tokens) = if n.len() == norm.len() {
                self.names.push_str(&keys.soft);
                (keys.sig, keys.token_keys(birth))
            } else {
                // A very long name is kept (and matched) cut at 200 bytes.
                fuzzy::soften_into(n, &mut self.names);
                (fuzzy::signature(n, &self.names[before..]), fuzzy::token_keys(n, birth))
            };
            // At most as long as the name, which is at most 200 bytes.
            soft_len = (self.names.len() - before).min(u8::MAX as usize) as u8;
            for k in tokens.into_iter().flatten() {
                self.nodes.push(Node { key: k, entry: idx, sig });
            }
        }
        self.entries.push(ListEntry {
            row,
            nik: nik.unwrap_or(0),
            birth,
            active,
            detail,
            name_at,
            name_len,
            soft_len,
        });
    }

    fn of_records(records: &[ListRecord]) -> ListPart {
        let mut p = ListPart::with_capacity(records.len());
        for r in records {
            p.add(r.row, &r.nik, &r.name, r.birth_date, r.active, &r.detail);
        }
        p
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
            by_nik: SortedMap::default(),
            tokens: TokenIndex::default(),
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
        let parts: Vec<ListPart> = records.par_chunks(1 << 14).map(ListPart::of_records).collect();
        l.extend_parts(parts);
        l
    }

    /// Add one record. The name index is rebuilt each time: for many records use
    /// [`ExclusionList::from_records`].
    pub fn push(&mut self, rec: ListRecord) {
        self.extend_parts(vec![ListPart::of_records(std::slice::from_ref(&rec))]);
    }

    /// Add parts in order (file order) and rebuild the indexes.
    pub(crate) fn extend_parts(&mut self, parts: Vec<ListPart>) {
        self.entries.reserve(parts.iter().map(|p| p.entries.len()).sum());
        let mut niks = Vec::with_capacity(parts.len());
        let mut nodes = Vec::with_capacity(parts.iter().map(|p| p.nodes.len()).sum());
        for mut p in parts {
            let base = self.entries.len() as u32;
            let name_base = self.names.len() as u32;
            self.names.push_str(&p.names);
            let details: Vec<u32> = p.details.into_iter().map(|d| self.intern(d)).collect();
            self.entries.extend(p.entries.into_iter().map(|mut e| {
                e.name_at += name_base;
                e.detail = details[e.detail as usize];
                e
            }));
            nodes.extend(p.nodes.into_iter().map(|mut n| {
                n.entry += base;
                n
            }));
            p.niks.for_each_value(|i| *i += base);
            niks.push(p.niks);
            self.bad_nik_rows += p.bad_nik_rows;
        }
        rayon::join(|| self.by_nik.extend(niks), || self.tokens = self.tokens.rebuilt(nodes));
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
    /// and birth day) whose name [`fuzzy::signature`] may match `sig`: the keys in order,
    /// the latest entry first within a key.
    pub(crate) fn candidates(&self, keys: &[Option<u64>; 3], sig: u64) -> impl Iterator<Item = &ListEntry> {
        let t = &self.tokens;
        keys.iter()
            .flatten()
            .filter_map(|&k| t.by_key.find(k))
            .flat_map(move |i| t.run(i))
            .filter(move |&(s, _)| fuzzy::may_match(sig, s))
            .filter_map(|(_, e)| self.entries.get(e as usize))
    }

    /// The blocking index (for batches of applicants: see `crate::probe`).
    pub(crate) fn tokens(&self) -> &TokenIndex {
        &self.tokens
    }

    /// The entry of a NIK (the first one listed).
    pub(crate) fn by_nik(&self, nik: u64) -> Option<&ListEntry> {
        self.by_nik.get(nik).map(|&i| &self.entries[i as usize])
    }

    pub(crate) fn entry(&self, i: u32) -> &ListEntry {
        &self.entries[i as usize]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(row: u64, nik: &str, name: &str, day: u32) -> ListRecord {
        ListRecord {
            row,
            nik: nik.into(),
            name: name.into(),
            birth_date: NaiveDate::from_ymd_opt(1980, 1, day),
            active: true,
            detail: format!("d{}", row % 3),
        }
    }

    /// The chain the index replaced: per key, the latest entry first.
    fn chain_order(l: &ExclusionList, keys: &[Option<u64>; 3], sig: u64) -> Vec<u64> {
        let mut out = Vec::new();
        for k in keys.iter().flatten() {
            for (i, e) in l.entries.iter().enumerate().rev() {
                let name = l.name_of(e);
                if name.is_empty() {
                    continue;
                }
                let s = fuzzy::signature(name, l.soft_of(e));
                let ks = fuzzy::token_keys(name, e.birth);
                for kk in ks.iter().flatten().filter(|kk| *kk == k) {
                    let _ = kk;
                    if fuzzy::may_match(sig, s) {
                        out.push(l.entries[i].row);
                    }
                }
            }
        }
        out
    }

    #[test]
    fn parts_pushes_and_records_give_the_same_list() {
        let names = ["Siti Aminah", "Siti Nur Aminah", "Aminah", "Budi Santoso", "Siti Siti", "Gazali", "Gasali", ""];
        let recs: Vec<ListRecord> = (0..12_000u64)
            .map(|i| {
                let nik = if i % 97 == 0 { "12345".to_string() } else { format!("{:016}", 3_174_000_000_000_000 + i % 30_011) };
                rec(i + 2, &nik, names[(i % 8) as usize], 1 + (i % 5) as u32)
            })
            .collect();
        let bulk = ExclusionList::from_records(ExclusionKind::Asn, "1", "t", recs.clone());
        let mut one = ExclusionList::new(ExclusionKind::Asn, "1", "t");
        for r in recs.iter().take(300).cloned() {
            one.push(r);
        }
        let small = ExclusionList::from_records(ExclusionKind::Asn, "1", "t", recs[..300].to_vec());
        assert_eq!(bulk.len(), 12_000);
        assert_eq!(bulk.bad_nik_rows, 124);
        for (l, n) in [(&bulk, 12_000usize), (&one, 300), (&small, 300)] {
            // The first entry of a NIK is the one found.
            let mut first: FxMap<u64, u64> = FxMap::default();
            for r in &recs[..n] {
                if let Some(k) = key::nik_key(&r.nik) {
                    first.entry(k).or_insert(r.row);
                }
            }
            assert_eq!(l.by_nik.len(), first.len());
            for (k, row) in &first {
                assert_eq!(l.by_nik(*k).map(|e| e.row), Some(*row));
            }
            for name in names {
                let Some(norm) = berdaya_match::normalize::normalize_name(name) else { continue };
                let soft = fuzzy::soften(&norm);
                let sig = fuzzy::signature(&norm, &soft);
                for day in 1..=5 {
                    let b = key::day_number(NaiveDate::from_ymd_opt(1980, 1, day));
                    let keys = fuzzy::token_keys(&norm, b);
                    let got: Vec<u64> = l.candidates(&keys, sig).map(|e| e.row).collect();
                    assert_eq!(got, chain_order(l, &keys, sig), "{name} {day}");
                }
            }
            for e in &l.entries {
                assert_eq!(l.detail(e), format!("d{}", e.row % 3));
            }
        }
        assert!(bulk.details.len() == 3);
    }
}
