//! NIB (Nomor Induk Berusaha): the 13-digit business ID issued by OSS.
//!
//! Opaque: no check digit and no structure we may rely on, so validity here means
//! "13 digits". Whether the NIB exists is a question for OSS. A NIB identifies a business,
//! not a person, so `Debug` and `Display` show it in full.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a text is not a NIB. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NibError {
    #[error("NIB kosong")]
    Empty,
    #[error(
        "NIB terbaca sebagai angka spreadsheet (mis. 9.12000123E+12); ubah format kolom NIB menjadi Teks lalu isi ulang"
    )]
    SpreadsheetNumber,
    #[error("NIB hanya boleh berisi angka (boleh dipisah spasi atau titik)")]
    InvalidChar,
    #[error(
        "NIB harus 13 digit angka (terbaca {0} digit); jika NIB diawali 0, pastikan kolom berformat Teks agar angka 0 tidak hilang"
    )]
    Length(usize),
}

/// A NIB: exactly 13 digits.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Nib(String);

impl Nib {
    /// Parse a NIB; spaces, dots, dashes and a leading apostrophe are ignored.
    pub fn parse(input: &str) -> Result<Self, NibError> {
        let s = input
            .trim()
            .trim_start_matches(['\'', '‘', '’', '`'])
            .trim();
        if s.is_empty() {
            return Err(NibError::Empty);
        }
        if s.contains(['e', 'E'])
            && s.contains(|c: char| c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '.' | ',' | '+'))
        {
            return Err(NibError::SpreadsheetNumber);
        }
        let mut digits = String::with_capacity(13);
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | '-' => {}
                c if c.is_whitespace() => {}
                _ => return Err(NibError::InvalidChar),
            }
        }
        if digits.len() != 13 {
            return Err(NibError::Length(digits.len()));
        }
        Ok(Nib(digits))
    }

    /// The 13 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Nib {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Nib {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nib({})", self.0)
    }
}

impl std::str::FromStr for Nib {
    type Err = NibError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nib::parse(s)
    }
}

impl Serialize for Nib {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Nib {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Nib::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_cleans() {
        for s in [
            "9120001234567",
            " 9120 0012 3456 7 ",
            "'9120001234567",
            "9120.001.234.567",
        ] {
            assert_eq!(Nib::parse(s).unwrap().as_str(), "9120001234567", "{s}");
        }
        let n = Nib::parse("0220001234567").unwrap();
        assert_eq!(n.to_string(), "0220001234567");
        assert_eq!(format!("{n:?}"), "Nib(0220001234567)");
    }

    #[test]
    fn rejects() {
        assert_eq!(Nib::parse(" "), Err(NibError::Empty));
        assert_eq!(
            Nib::parse("9.120001234567E12"),
            Err(NibError::SpreadsheetNumber)
        );
        assert_eq!(Nib::parse("NIB9120001234567"), Err(NibError::InvalidChar));
        assert_eq!(Nib::parse("220001234567"), Err(NibError::Length(12)));
        assert!(
            Nib::parse("220001234567")
                .unwrap_err()
                .to_string()
                .starts_with("NIB harus 13 digit angka (terbaca 12 digit)")
        );
    }

    #[test]
    fn serde_as_string() {
        let n = Nib::parse("9120001234567").unwrap();
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"9120001234567\"");
        assert_eq!(serde_json::from_str::<Nib>("\"9120001234567\"").unwrap(), n);
        assert!(serde_json::from_str::<Nib>("\"123\"").is_err());
    }

    proptest! {
        #[test]
        fn thirteen_digits_roundtrip(s in "[0-9]{13}") {
            let n = Nib::parse(&s).unwrap();
            prop_assert_eq!(n.as_str(), s.as_str());
            prop_assert_eq!(Nib::parse(&n.to_string()).unwrap(), n);
        }

        #[test]
        fn other_lengths_fail(s in "[0-9]{0,12}|[0-9]{14,20}") {
            prop_assert!(Nib::parse(&s).is_err());
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,20}") {
            let _ = Nib::parse(&s);
        }
    }
}
