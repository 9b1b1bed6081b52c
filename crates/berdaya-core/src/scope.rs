//! The region subtree a user may see and change.

use serde::{Deserialize, Serialize};

use crate::wilayah::{KodeWilayah, Tingkat};

/// Where an agency works: the nation, or one provinsi / kab/kota and everything below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    National,
    Region(KodeWilayah),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("wilayah kerja dinas harus provinsi atau kabupaten/kota")]
    WrongLevel,
}

impl Scope {
    /// An agency's scope from its stored region (`None` or empty = national).
    pub fn for_agency(region: Option<&KodeWilayah>) -> Result<Scope, ScopeError> {
        match region {
            None => Ok(Scope::National),
            Some(k) if matches!(k.tingkat(), Tingkat::Provinsi | Tingkat::Kabkota) => Ok(Scope::Region(k.clone())),
            Some(_) => Err(ScopeError::WrongLevel),
        }
    }

    /// True when a record in `region` lies inside this scope.
    pub fn contains(&self, region: &KodeWilayah) -> bool {
        match self {
            Scope::National => true,
            Scope::Region(root) => root.contains(region),
        }
    }

    /// True when every record of `other` lies inside this scope.
    pub fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::National, _) => true,
            (Scope::Region(_), Scope::National) => false,
            (Scope::Region(a), Scope::Region(b)) => a.contains(b),
        }
    }

    /// Dotted code of the root, or `None` for the nation. Records store dotted codes, so
    /// a store filters with `region = root OR region LIKE root || '.%'`.
    pub fn root(&self) -> Option<String> {
        match self {
            Scope::National => None,
            Scope::Region(k) => Some(k.dotted()),
        }
    }

    /// The LIKE pattern for descendants of the root (`64.74.%`), or `%` for the nation.
    pub fn like_pattern(&self) -> String {
        match self {
            Scope::National => "%".to_string(),
            Scope::Region(k) => format!("{}.%", k.dotted()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(s: &str) -> KodeWilayah {
        KodeWilayah::parse(s).unwrap()
    }

    #[test]
    fn national_contains_everything() {
        assert!(Scope::National.contains(&k("64.74.01.1001")));
        assert!(Scope::National.covers(&Scope::Region(k("36.74"))));
    }

    #[test]
    fn province_contains_its_cities_only() {
        let kaltim = Scope::for_agency(Some(&k("64"))).unwrap();
        assert!(kaltim.contains(&k("64.74.01")));
        assert!(!kaltim.contains(&k("36.74.01")));
        assert!(kaltim.covers(&Scope::Region(k("64.74"))));
        assert!(!Scope::Region(k("64.74")).covers(&kaltim));
        assert!(!Scope::Region(k("64.74")).covers(&Scope::National));
    }

    #[test]
    fn agency_must_be_provinsi_or_kabkota() {
        assert_eq!(Scope::for_agency(Some(&k("64.74.01"))), Err(ScopeError::WrongLevel));
        assert_eq!(Scope::for_agency(None), Ok(Scope::National));
        assert_eq!(Scope::Region(k("64.74")).like_pattern(), "64.74.%");
    }
}
