//! What screening derives from a name as written (the normalised and softened name, its
//! signature, blocking-token hashes, the folded hash), computed once per distinct name on
//! each thread.
//!
//! Names repeat: in BPUM-scale lists the 65,536 most frequent names cover about nine rows
//! in ten. Normalising a name (berdaya-match) allocates a string per token; a thread's cache
//! of recent names turns that into one hash lookup for most rows. The cache is bounded
//! (emptied when full), so memory stays small whatever the list.

use std::cell::RefCell;
use std::sync::Arc;

use berdaya_match::normalize::normalize_name;

use crate::fuzzy;
use crate::key::{self, FxMap};

/// Distinct names kept per thread.
const CACHE: usize = 1 << 17;

/// What screening derives from one name as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameKeys {
    /// [`normalize_name`] of the name.
    pub norm: Option<String>,
    /// `norm` softened ([`fuzzy::soften`]; empty without a name).
    pub soft: String,
    /// [`fuzzy::signature`] of `norm` (0 without a name).
    pub sig: u64,
    /// [`key::folded_name_hash`] of the name as written.
    pub folded: u64,
    /// [`fuzzy::token_hashes`] of `norm`.
    tokens: [Option<u64>; 3],
}

impl NameKeys {
    pub(crate) fn of(raw: &str) -> NameKeys {
        let norm = normalize_name(raw);
        let soft = norm.as_deref().map(fuzzy::soften).unwrap_or_default();
        let sig = norm.as_deref().map_or(0, |n| fuzzy::signature(n, &soft));
        let tokens = norm.as_deref().map_or([None; 3], fuzzy::token_hashes);
        NameKeys {
            norm,
            soft,
            sig,
            folded: key::folded_name_hash(raw),
            tokens,
        }
    }

    /// The blocking keys with a birth day ([`fuzzy::token_keys`] of `norm`).
    pub(crate) fn token_keys(&self, birth: i32) -> [Option<u64>; 3] {
        fuzzy::with_birth(self.tokens, birth)
    }
}

thread_local! {
    static NAMES: RefCell<FxMap<Box<str>, Arc<NameKeys>>> = RefCell::new(FxMap::default());
}

/// [`NameKeys::of`] a name, from this thread's cache when it was seen recently.
pub(crate) fn name_keys(raw: &str) -> Arc<NameKeys> {
    NAMES.with(|c| {
        let mut c = c.borrow_mut();
        if let Some(k) = c.get(raw) {
            return Arc::clone(k);
        }
        if c.len() >= CACHE {
            c.clear();
        }
        let k = Arc::new(NameKeys::of(raw));
        c.insert(raw.into(), Arc::clone(&k));
        k
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_keys_are_the_keys_of_the_name() {
        let names = ["Siti Aminah", "siti  aminah", "Drs. H. Moch. Tjahjo", "Gazali", "", "  ", "Ṣiti", "Siti Aminah"];
        for round in 0..3 {
            for n in names {
                let k = name_keys(n);
                assert_eq!(*k, NameKeys::of(n), "{n} (round {round})");
                let norm = normalize_name(n);
                assert_eq!(k.norm, norm);
                for birth in [0, 700_000] {
                    let want = norm.as_deref().map_or([None; 3], |m| fuzzy::token_keys(m, birth));
                    assert_eq!(k.token_keys(birth), want, "{n}");
                }
            }
        }
    }

    #[test]
    fn a_full_cache_starts_again() {
        for i in 0..(CACHE + 10) {
            let n = format!("nama {i}");
            assert_eq!(name_keys(&n).folded, key::folded_name_hash(&n));
        }
        NAMES.with(|c| assert!(c.borrow().len() <= CACHE));
    }
}
