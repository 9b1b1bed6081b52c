//! Kemendagri region codes (`PP.KK.CC.DNNN`).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The administrative level a code names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tingkat {
    Provinsi,
    Kabkota,
    Kecamatan,
    Desakel,
}

impl Tingkat {
    pub fn as_str(self) -> &'static str {
        match self {
            Tingkat::Provinsi => "provinsi",
            Tingkat::Kabkota => "kabkota",
            Tingkat::Kecamatan => "kecamatan",
            Tingkat::Desakel => "desakel",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "provinsi" => Some(Tingkat::Provinsi),
            "kabkota" => Some(Tingkat::Kabkota),
            "kecamatan" => Some(Tingkat::Kecamatan),
            "desakel" => Some(Tingkat::Desakel),
            _ => None,
        }
    }

    /// Bahasa Indonesia label for the UI.
    pub fn label(self) -> &'static str {
        match self {
            Tingkat::Provinsi => "Provinsi",
            Tingkat::Kabkota => "Kabupaten/Kota",
            Tingkat::Kecamatan => "Kecamatan",
            Tingkat::Desakel => "Desa/Kelurahan",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KodeWilayahError {
    #[error("kode wilayah kosong")]
    Empty,
    #[error("kode wilayah hanya boleh berisi angka dan titik")]
    InvalidChar,
    #[error("panjang kode wilayah harus 2, 4, 6, atau 10 digit")]
    InvalidLength,
    #[error("kode provinsi harus antara 11 dan 99")]
    InvalidProvinsi,
    #[error("kode kabupaten/kota tidak boleh 00")]
    InvalidKabkota,
    #[error("kode kecamatan tidak boleh 00")]
    InvalidKecamatan,
    #[error("kode desa/kelurahan harus diawali 1 (kelurahan), 2 (desa), atau 3 (desa adat)")]
    InvalidDesa,
}

/// A valid Kemendagri region code, stored as its undotted digits (2, 4, 6 or 10).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KodeWilayah {
    digits: String,
}

impl KodeWilayah {
    /// Parse a code written dotted (`64.74.01.1001`) or undotted (`6474011001`).
    pub fn parse(input: &str) -> Result<Self, KodeWilayahError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(KodeWilayahError::Empty);
        }
        let dotted = s.contains('.');
        let mut digits = String::with_capacity(10);
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' => {}
                _ => return Err(KodeWilayahError::InvalidChar),
            }
        }
        if dotted {
            // Parts must have the right widths: 2.2.2.4
            let widths: Vec<usize> = s.split('.').map(str::len).collect();
            let ok = matches!(widths.as_slice(), [2] | [2, 2] | [2, 2, 2] | [2, 2, 2, 4]);
            if !ok {
                return Err(KodeWilayahError::InvalidLength);
            }
        }
        if !matches!(digits.len(), 2 | 4 | 6 | 10) {
            return Err(KodeWilayahError::InvalidLength);
        }
        let prov: u32 = digits[0..2].parse().map_err(|_| KodeWilayahError::InvalidChar)?;
        if prov < 11 {
            return Err(KodeWilayahError::InvalidProvinsi);
        }
        if digits.len() >= 4 && &digits[2..4] == "00" {
            return Err(KodeWilayahError::InvalidKabkota);
        }
        if digits.len() >= 6 && &digits[4..6] == "00" {
            return Err(KodeWilayahError::InvalidKecamatan);
        }
        if digits.len() == 10 && !matches!(&digits[6..7], "1" | "2" | "3") {
            return Err(KodeWilayahError::InvalidDesa);
        }
        Ok(KodeWilayah { digits })
    }

    pub fn tingkat(&self) -> Tingkat {
        match self.digits.len() {
            2 => Tingkat::Provinsi,
            4 => Tingkat::Kabkota,
            6 => Tingkat::Kecamatan,
            _ => Tingkat::Desakel,
        }
    }

    /// Undotted digits, e.g. `6474011001`.
    pub fn digits(&self) -> &str {
        &self.digits
    }

    /// Dotted form as in Kemendagri lists and in the database, e.g. `64.74.01.1001`.
    pub fn dotted(&self) -> String {
        let d = &self.digits;
        match d.len() {
            2 => d.clone(),
            4 => format!("{}.{}", &d[0..2], &d[2..4]),
            6 => format!("{}.{}.{}", &d[0..2], &d[2..4], &d[4..6]),
            _ => format!("{}.{}.{}.{}", &d[0..2], &d[2..4], &d[4..6], &d[6..10]),
        }
    }

    /// The code one level up, or `None` for a provinsi.
    pub fn parent(&self) -> Option<KodeWilayah> {
        let len = match self.digits.len() {
            2 => return None,
            4 => 2,
            6 => 4,
            _ => 6,
        };
        Some(KodeWilayah { digits: self.digits[..len].to_string() })
    }

    /// Ancestors from the provinsi down to (not including) this code.
    pub fn ancestors(&self) -> Vec<KodeWilayah> {
        let mut out = Vec::new();
        let mut cur = self.parent();
        while let Some(p) = cur {
            cur = p.parent();
            out.push(p);
        }
        out.reverse();
        out
    }

    /// The kab/kota this code lies in (itself if it is one); `None` for a provinsi.
    pub fn kabkota(&self) -> Option<KodeWilayah> {
        (self.digits.len() >= 4).then(|| KodeWilayah { digits: self.digits[..4].to_string() })
    }

    /// True when `other` is this code or lies below it.
    pub fn contains(&self, other: &KodeWilayah) -> bool {
        other.digits.starts_with(&self.digits)
    }

    /// Kab/kota code part: 01–69 is a kabupaten, 71–99 a kota.
    pub fn is_kota(&self) -> bool {
        self.digits.len() >= 4 && self.digits[2..3] >= *"7"
    }

    /// For a desa/kelurahan code: true when it is a kelurahan (1NNN).
    pub fn is_kelurahan(&self) -> bool {
        self.digits.len() == 10 && &self.digits[6..7] == "1"
    }
}

impl fmt::Display for KodeWilayah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dotted())
    }
}

impl fmt::Debug for KodeWilayah {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KodeWilayah({})", self.dotted())
    }
}

impl std::str::FromStr for KodeWilayah {
    type Err = KodeWilayahError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        KodeWilayah::parse(s)
    }
}

impl Serialize for KodeWilayah {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.dotted())
    }
}

impl<'de> Deserialize<'de> for KodeWilayah {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        KodeWilayah::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_dotted_and_undotted() {
        let a = KodeWilayah::parse("64.74.01.1001").unwrap();
        let b = KodeWilayah::parse("6474011001").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.tingkat(), Tingkat::Desakel);
        assert_eq!(a.dotted(), "64.74.01.1001");
        assert!(a.is_kelurahan());
        assert_eq!(a.parent().unwrap().dotted(), "64.74.01");
        let chain: Vec<String> = a.ancestors().iter().map(|k| k.dotted()).collect();
        assert_eq!(chain, ["64", "64.74", "64.74.01"]);
        assert_eq!(a.kabkota().unwrap().dotted(), "64.74");
        assert!(a.kabkota().unwrap().is_kota());
    }

    #[test]
    fn rejects_bad_codes() {
        assert_eq!(KodeWilayah::parse(""), Err(KodeWilayahError::Empty));
        assert_eq!(KodeWilayah::parse("64.7"), Err(KodeWilayahError::InvalidLength));
        assert_eq!(KodeWilayah::parse("647"), Err(KodeWilayahError::InvalidLength));
        assert_eq!(KodeWilayah::parse("6474a"), Err(KodeWilayahError::InvalidChar));
        assert_eq!(KodeWilayah::parse("09"), Err(KodeWilayahError::InvalidProvinsi));
        assert_eq!(KodeWilayah::parse("6400"), Err(KodeWilayahError::InvalidKabkota));
        assert_eq!(KodeWilayah::parse("647400"), Err(KodeWilayahError::InvalidKecamatan));
        assert_eq!(KodeWilayah::parse("6474014001"), Err(KodeWilayahError::InvalidDesa));
        assert_eq!(KodeWilayah::parse("647.401"), Err(KodeWilayahError::InvalidLength));
    }

    #[test]
    fn containment_respects_boundaries() {
        let kota = KodeWilayah::parse("64.74").unwrap();
        let desa = KodeWilayah::parse("64.74.01.1001").unwrap();
        let other = KodeWilayah::parse("64.71.01").unwrap();
        assert!(kota.contains(&desa));
        assert!(!desa.contains(&kota));
        assert!(!kota.contains(&other));
        assert!(kota.contains(&kota));
    }

    proptest! {
        #[test]
        fn dotted_roundtrip(p in 11u32..=99, k in 1u32..=99, c in 1u32..=99, d in 1u32..=3, n in 0u32..=999) {
            let s = format!("{p:02}.{k:02}.{c:02}.{d}{n:03}");
            let code = KodeWilayah::parse(&s).unwrap();
            prop_assert_eq!(code.dotted(), s.clone());
            prop_assert_eq!(KodeWilayah::parse(code.digits()).unwrap(), code.clone());
            for a in code.ancestors() {
                prop_assert!(a.contains(&code));
            }
        }
    }
}
