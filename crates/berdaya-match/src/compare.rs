//! Comparisons: for a pair of records, the level of agreement on one field.
//!
//! Level 0 always means "a value is missing" (it contributes nothing); level 1 is always
//! exact agreement; the last level is "disagree". The levels in between depend on the kind.

use serde::{Deserialize, Serialize};

use crate::config::{FieldKind, FieldSpec};
use crate::data::{Dataset, NULL};
use crate::similarity::{
    adjacent_transposition, hamming, jaro_winkler, one_substitution, within_one_edit,
};

/// One comparison of the model.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Comparison {
    pub name: String,
    pub field: usize,
    pub kind: FieldKind,
    pub swap: Option<usize>,
    pub tf: bool,
}

/// Level labels per kind (index = level).
pub fn level_labels(kind: FieldKind) -> &'static [&'static str] {
    match kind {
        FieldKind::Name => &[
            "missing",
            "exact",
            "swapped or reordered",
            "jaro-winkler >= 0.92",
            "jaro-winkler >= 0.85 or contained",
            "jaro-winkler >= 0.70",
            "different",
        ],
        FieldKind::Date => &["missing", "exact", "day and month swapped", "one digit off", "same year", "different"],
        FieldKind::Id => &["missing", "exact", "one digit off", "two digits swapped", "one digit missing or two off", "different"],
        FieldKind::Phone => &["missing", "exact", "one digit off or swapped", "same last 7 digits", "different"],
        FieldKind::Address => &["missing", "exact", "token overlap >= 0.8", "token overlap >= 0.5", "some token shared", "different"],
        FieldKind::Code => &["missing", "exact", "one edit", "different"],
        FieldKind::Text => &["missing", "exact", "jaro-winkler >= 0.92", "jaro-winkler >= 0.80", "different"],
        FieldKind::Region => &["missing", "exact", "same kecamatan", "same kabupaten/kota", "different"],
    }
}

impl Comparison {
    pub fn from_fields(fields: &[FieldSpec]) -> Vec<Comparison> {
        fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.compare)
            .map(|(i, f)| Comparison {
                name: f.name.clone(),
                field: i,
                kind: f.kind,
                swap: f.swap_with.as_ref().and_then(|s| fields.iter().position(|g| &g.name == s)),
                tf: f.tf,
            })
            .collect()
    }

    pub fn n_levels(&self) -> usize {
        level_labels(self.kind).len()
    }

    /// Relative cost, to evaluate cheap comparisons first.
    pub fn cost(&self) -> u8 {
        match self.kind {
            FieldKind::Id | FieldKind::Code | FieldKind::Region | FieldKind::Date | FieldKind::Phone => 1,
            FieldKind::Text | FieldKind::Name => 2,
            FieldKind::Address => 3,
        }
    }

    /// Level 0 (missing), 1 (exact) or `None` when a closer look is needed. Costs two loads.
    #[inline]
    pub fn quick_level(&self, ds: &Dataset, i: usize, j: usize) -> Option<u8> {
        let (a, b) = (ds.id(i, self.field), ds.id(j, self.field));
        if a == NULL || b == NULL {
            Some(0)
        } else if a == b {
            Some(1)
        } else {
            None
        }
    }

    /// The agreement level of records `i` and `j`.
    pub fn level(&self, ds: &Dataset, i: usize, j: usize) -> u8 {
        if let Some(l) = self.quick_level(ds, i, j) {
            return l;
        }
        let vals = &ds.values[self.field];
        let (ia, ib) = (ds.id(i, self.field), ds.id(j, self.field));
        let (a, b) = (vals.text(ia), vals.text(ib));
        match self.kind {
            FieldKind::Name => self.name_level(ds, i, j, ia, ib, a, b),
            FieldKind::Date => date_level(a, b),
            FieldKind::Id => id_level(a, b),
            FieldKind::Phone => phone_level(a, b),
            FieldKind::Address => address_level(vals.sorted(ia), vals.sorted(ib), a, b),
            FieldKind::Code => {
                if within_one_edit(a, b) { 2 } else { 3 }
            }
            FieldKind::Text => {
                let s = jaro_winkler(a, b);
                if s >= 0.92 { 2 } else if s >= 0.80 { 3 } else { 4 }
            }
            FieldKind::Region => region_level(a, b),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn name_level(&self, ds: &Dataset, i: usize, j: usize, ia: u32, ib: u32, a: &str, b: &str) -> u8 {
        let vals = &ds.values[self.field];
        if let Some(sw) = self.swap {
            let other = &ds.values[sw];
            let swapped = |r: usize, v: &str, hv: u64| {
                let id = ds.id(r, sw);
                id != NULL && other.hash[id as usize] == hv && other.text(id) == v
            };
            if swapped(j, a, vals.hash[ia as usize]) || swapped(i, b, vals.hash[ib as usize]) {
                return 2;
            }
        }
        let multi = vals.sorted[ia as usize].is_some() || vals.sorted[ib as usize].is_some();
        let (sa, sb) = (vals.sorted(ia), vals.sorted(ib));
        if multi && sa == sb {
            return 2;
        }
        let mut s = jaro_winkler(a, b);
        if s < 0.92 && multi {
            s = s.max(jaro_winkler(sa, sb));
        }
        if s >= 0.92 {
            3
        } else if s >= 0.85 || contained(a, b) {
            4
        } else if s >= 0.70 {
            5
        } else {
            6
        }
    }
}

/// Every token of the shorter name appears in the longer ("siti aminah" in
/// "siti aminah abdullah").
fn contained(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.split(' ').all(|t| long.split(' ').any(|u| u == t))
}

/// Dates are "YYYYMMDD" (see `normalize_date`).
pub fn date_level(a: &str, b: &str) -> u8 {
    let (x, y) = (a.as_bytes(), b.as_bytes());
    if x == y {
        return 1;
    }
    if x.len() == 8 && y.len() == 8 {
        let year = x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3];
        if year && x[4] == y[6] && x[5] == y[7] && x[6] == y[4] && x[7] == y[5] {
            return 2;
        }
        if within_one_edit(a, b) {
            return 3;
        }
        return if year { 4 } else { 5 };
    }
    if within_one_edit(a, b) {
        3
    } else if x.len() >= 4 && y.len() >= 4 && x[..4] == y[..4] {
        4
    } else {
        5
    }
}

/// Identity numbers (digits only).
pub fn id_level(a: &str, b: &str) -> u8 {
    if a == b {
        1
    } else if one_substitution(a, b) {
        2
    } else if adjacent_transposition(a, b) {
        3
    } else if within_one_edit(a, b) || hamming(a, b) == Some(2) {
        4
    } else {
        5
    }
}

/// Phone numbers (national number without trunk prefix).
pub fn phone_level(a: &str, b: &str) -> u8 {
    if a == b {
        1
    } else if within_one_edit(a, b) {
        2
    } else if a.len() >= 7 && b.len() >= 7 && a[a.len() - 7..] == b[b.len() - 7..] {
        3
    } else {
        4
    }
}

/// Region codes (digits): same desa, kecamatan (6 digits), kabupaten/kota (4 digits).
pub fn region_level(a: &str, b: &str) -> u8 {
    let same = |n: usize| a.len() >= n && b.len() >= n && a[..n] == b[..n];
    if a == b {
        1
    } else if same(6) {
        2
    } else if same(4) {
        3
    } else {
        4
    }
}

/// Two address tokens of 4+ letters that are one edit apart, or start alike and have a
/// Jaro-Winkler similarity of at least 0.9 (the first-letter test keeps random pairs cheap).
fn similar_token(x: &str, y: &str) -> bool {
    x.len() >= 4
        && y.len() >= 4
        && (within_one_edit(x, y) || (x.as_bytes()[0] == y.as_bytes()[0] && jaro_winkler(x, y) >= 0.9))
}

/// Share of tokens with a counterpart (equal or [`similar_token`]) in the other address, over
/// the longer address.
pub fn address_level(sorted_a: &str, sorted_b: &str, a: &str, b: &str) -> u8 {
    if sorted_a == sorted_b {
        return 2;
    }
    let mut shared = 0usize;
    let mut na = 0usize;
    for x in a.split(' ') {
        na += 1;
        if b.split(' ').any(|y| x == y || similar_token(x, y)) {
            shared += 1;
        }
    }
    let nb = b.bytes().filter(|c| *c == b' ').count() + 1;
    let overlap = shared as f64 / na.max(nb) as f64;
    if overlap >= 0.8 {
        2
    } else if overlap >= 0.5 {
        3
    } else if shared > 0 {
        4
    } else {
        5
    }
}
