//! What applicants are checked against: versioned exclusion lists and an optional view of the
//! civil registry (Dukcapil). Built from records (the web module loads them from its
//! database) or read from CSV/XLSX files ([`ExclusionList::read_file`],
//! [`CivilRegistry::read_file`]).
//!
//! In memory a list entry is a few integers (NIK as `u64`, row, birth day, an interned
//! detail) and its normalised name in one shared string, so millions of entries fit easily.
//! The NIK maps and the blocking index are sorted arrays built on all cores
//! ([`crate::sorted`]).

mod files;
mod list;
mod registry;

pub use files::{read_list_records, read_registry_records};
pub(crate) use list::{ListEntry, ListPart};
pub use list::{ExclusionList, ListRecord};
pub(crate) use registry::{RegistryEntry, RegistryPart};
pub use registry::{CivilRegistry, RegistryRecord};

use crate::rules::ExclusionKind;

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
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
