//! KBLI (Klasifikasi Baku Lapangan Usaha Indonesia): 5-digit business activity codes,
//! always stored with the edition they come from (KBLI 2020, or KBLI 2025 which replaced it).
//!
//! The 21 categories (A–U) and the division → category table are those of KBLI 2020.
//! KBLI 2025 regrouped some divisions into different categories, so for a 2025 code
//! [`Kbli::kategori`] returns `None` rather than a wrong answer; 2025 codes are only
//! checked for shape (5 digits, division not 00).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Which KBLI edition a code belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum KbliVersion {
    #[serde(rename = "2020")]
    V2020,
    #[serde(rename = "2025")]
    V2025,
}

impl KbliVersion {
    pub fn year(self) -> u16 {
        match self {
            KbliVersion::V2020 => 2020,
            KbliVersion::V2025 => 2025,
        }
    }

    /// `"2020"`, `"KBLI 2025"`, … → the edition.
    pub fn parse(input: &str) -> Option<Self> {
        let s = input.trim();
        let s = s
            .strip_prefix("KBLI")
            .or_else(|| s.strip_prefix("kbli"))
            .unwrap_or(s)
            .trim();
        match s {
            "2020" => Some(KbliVersion::V2020),
            "2025" => Some(KbliVersion::V2025),
            _ => None,
        }
    }
}

impl fmt::Display for KbliVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KBLI {}", self.year())
    }
}

/// KBLI 2020 categories (kategori), A–U.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum KategoriKbli {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,
    N,
    O,
    P,
    Q,
    R,
    S,
    T,
    U,
}

use KategoriKbli as Kat;

/// (category, first division, last division, Indonesian name), in order.
const KATEGORI: [(Kat, u8, u8, &str); 21] = [
    (Kat::A, 1, 3, "Pertanian, Kehutanan dan Perikanan"),
    (Kat::B, 5, 9, "Pertambangan dan Penggalian"),
    (Kat::C, 10, 33, "Industri Pengolahan"),
    (
        Kat::D,
        35,
        35,
        "Pengadaan Listrik, Gas, Uap/Air Panas dan Udara Dingin",
    ),
    (
        Kat::E,
        36,
        39,
        "Treatment Air, Treatment Air Limbah, Treatment dan Pemulihan Material Sampah, dan Aktivitas Remediasi",
    ),
    (Kat::F, 41, 43, "Konstruksi"),
    (
        Kat::G,
        45,
        47,
        "Perdagangan Besar dan Eceran; Reparasi dan Perawatan Mobil dan Sepeda Motor",
    ),
    (Kat::H, 49, 53, "Pengangkutan dan Pergudangan"),
    (
        Kat::I,
        55,
        56,
        "Penyediaan Akomodasi dan Penyediaan Makan Minum",
    ),
    (Kat::J, 58, 63, "Informasi dan Komunikasi"),
    (Kat::K, 64, 66, "Aktivitas Keuangan dan Asuransi"),
    (Kat::L, 68, 68, "Real Estat"),
    (Kat::M, 69, 75, "Aktivitas Profesional, Ilmiah dan Teknis"),
    (
        Kat::N,
        77,
        82,
        "Aktivitas Penyewaan dan Sewa Guna Usaha Tanpa Hak Opsi, Ketenagakerjaan, Agen Perjalanan dan Penunjang Usaha Lainnya",
    ),
    (
        Kat::O,
        84,
        84,
        "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib",
    ),
    (Kat::P, 85, 85, "Pendidikan"),
    (
        Kat::Q,
        86,
        88,
        "Aktivitas Kesehatan Manusia dan Aktivitas Sosial",
    ),
    (Kat::R, 90, 93, "Kesenian, Hiburan dan Rekreasi"),
    (Kat::S, 94, 96, "Aktivitas Jasa Lainnya"),
    (
        Kat::T,
        97,
        98,
        "Aktivitas Rumah Tangga sebagai Pemberi Kerja; Aktivitas yang Menghasilkan Barang dan Jasa oleh Rumah Tangga yang Digunakan untuk Memenuhi Kebutuhan Sendiri",
    ),
    (
        Kat::U,
        99,
        99,
        "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya",
    ),
];

impl KategoriKbli {
    /// All 21 categories, A to U.
    pub fn all() -> [KategoriKbli; 21] {
        KATEGORI.map(|k| k.0)
    }

    /// The category letter, `'A'`…`'U'`.
    pub fn letter(self) -> char {
        (b'A' + self as u8) as char
    }

    /// Indonesian name, e.g. `"Industri Pengolahan"`.
    pub fn name(self) -> &'static str {
        KATEGORI[self as usize].3
    }

    /// The KBLI 2020 divisions (golongan pokok) in this category, e.g. `10..=33` for C.
    pub fn divisions(self) -> std::ops::RangeInclusive<u8> {
        let (_, first, last, _) = KATEGORI[self as usize];
        first..=last
    }

    /// The category of a KBLI 2020 division (2-digit golongan pokok); `None` for numbers
    /// that are not divisions (04, 34, 40, 44, …).
    pub fn from_division(division: u8) -> Option<Self> {
        KATEGORI
            .iter()
            .find(|(_, first, last, _)| (*first..=*last).contains(&division))
            .map(|k| k.0)
    }

    /// From a letter `A`…`U` (either case).
    pub fn from_letter(letter: char) -> Option<Self> {
        let i = (letter.to_ascii_uppercase() as u32).checked_sub('A' as u32)? as usize;
        KATEGORI.get(i).map(|k| k.0)
    }
}

/// Why a text is not a KBLI code. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KbliError {
    #[error("kode KBLI kosong")]
    Empty,
    #[error("kode KBLI hanya boleh berisi angka")]
    InvalidChar,
    #[error(
        "kode KBLI harus 5 digit angka (terbaca {0} digit); jika kode diawali 0 (mis. 01111), pastikan kolom berformat Teks"
    )]
    Length(usize),
    #[error("golongan pokok {division:02} (2 digit pertama) tidak ada di {version}")]
    UnknownDivision { division: u8, version: KbliVersion },
}

/// A 5-digit KBLI code together with its edition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "KbliRaw")]
pub struct Kbli {
    code: String,
    version: KbliVersion,
}

#[derive(Deserialize)]
struct KbliRaw {
    code: String,
    version: KbliVersion,
}

impl TryFrom<KbliRaw> for Kbli {
    type Error = KbliError;
    fn try_from(raw: KbliRaw) -> Result<Self, Self::Error> {
        Kbli::parse(&raw.code, raw.version)
    }
}

impl Kbli {
    /// Parse a code of the given edition; spaces, dots and a leading apostrophe are ignored.
    pub fn parse(input: &str, version: KbliVersion) -> Result<Self, KbliError> {
        let s = input
            .trim()
            .trim_start_matches(['\'', '‘', '’', '`'])
            .trim();
        if s.is_empty() {
            return Err(KbliError::Empty);
        }
        let mut code = String::with_capacity(5);
        for c in s.chars() {
            match c {
                '0'..='9' => code.push(c),
                '.' => {}
                c if c.is_whitespace() => {}
                _ => return Err(KbliError::InvalidChar),
            }
        }
        if code.len() != 5 {
            return Err(KbliError::Length(code.len()));
        }
        let division = code[..2].parse::<u8>().unwrap_or(0);
        let known = match version {
            KbliVersion::V2020 => KategoriKbli::from_division(division).is_some(),
            KbliVersion::V2025 => division != 0,
        };
        if !known {
            return Err(KbliError::UnknownDivision { division, version });
        }
        Ok(Kbli { code, version })
    }

    /// The 5 digits, e.g. `"47111"`.
    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn version(&self) -> KbliVersion {
        self.version
    }

    /// The 2-digit division (golongan pokok), e.g. `47`.
    pub fn division(&self) -> u8 {
        self.code[..2].parse().unwrap_or(0)
    }

    /// The KBLI 2020 category; `None` for KBLI 2025 codes (see the module docs).
    pub fn kategori(&self) -> Option<KategoriKbli> {
        match self.version {
            KbliVersion::V2020 => KategoriKbli::from_division(self.division()),
            KbliVersion::V2025 => None,
        }
    }
}

impl fmt::Display for Kbli {
    /// `47111 (KBLI 2020)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.code, self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn division_table_matches_kbli_2020() {
        let expect = "01A 03A 05B 09B 10C 33C 35D 36E 39E 41F 43F 45G 47G 49H 53H 55I 56I 58J 63J \
                      64K 66K 68L 69M 75M 77N 82N 84O 85P 86Q 88Q 90R 93R 94S 96S 97T 98T 99U";
        for t in expect.split_whitespace() {
            let (div, letter) = (t[..2].parse().unwrap(), t[2..].chars().next().unwrap());
            let got = KategoriKbli::from_division(div).map(KategoriKbli::letter);
            assert_eq!(got, Some(letter), "{div}");
        }
        for div in [0, 4, 34, 40, 44, 48, 54, 57, 67, 76, 83, 89, 100] {
            assert_eq!(KategoriKbli::from_division(div), None, "{div}");
        }
        let valid = (0u8..=99)
            .filter(|d| KategoriKbli::from_division(*d).is_some())
            .count();
        assert_eq!(valid, 88);
    }

    #[test]
    fn categories_have_names_and_letters() {
        let all = KategoriKbli::all();
        assert_eq!(all.len(), 21);
        for (i, k) in all.iter().enumerate() {
            assert_eq!(k.letter(), (b'A' + i as u8) as char);
            assert_eq!(KategoriKbli::from_letter(k.letter()), Some(*k));
            assert!(!k.name().is_empty());
            assert!(
                k.divisions()
                    .all(|d| KategoriKbli::from_division(d) == Some(*k))
            );
        }
        assert_eq!(KategoriKbli::A.name(), "Pertanian, Kehutanan dan Perikanan");
        assert_eq!(
            KategoriKbli::U.name(),
            "Aktivitas Badan Internasional dan Badan Ekstra Internasional Lainnya"
        );
        assert_eq!(KategoriKbli::from_letter('v'), None);
        assert_eq!(KategoriKbli::from_letter('1'), None);
    }

    #[test]
    fn parses_codes() {
        let k = Kbli::parse("47111", KbliVersion::V2020).unwrap();
        assert_eq!(
            (k.code(), k.division(), k.kategori()),
            ("47111", 47, Some(KategoriKbli::G))
        );
        assert_eq!(k.to_string(), "47111 (KBLI 2020)");
        assert_eq!(
            Kbli::parse("'01111", KbliVersion::V2020)
                .unwrap()
                .kategori(),
            Some(KategoriKbli::A)
        );
        assert_eq!(
            Kbli::parse("10.792", KbliVersion::V2020).unwrap().code(),
            "10792"
        );
        let k25 = Kbli::parse("47111", KbliVersion::V2025).unwrap();
        assert_eq!(k25.kategori(), None);
        assert_ne!(k, k25);
    }

    #[test]
    fn rejects_codes() {
        let v = KbliVersion::V2020;
        assert_eq!(Kbli::parse("", v), Err(KbliError::Empty));
        assert_eq!(Kbli::parse("4711a", v), Err(KbliError::InvalidChar));
        assert_eq!(Kbli::parse("1111", v), Err(KbliError::Length(4)));
        assert_eq!(
            Kbli::parse("04111", v),
            Err(KbliError::UnknownDivision {
                division: 4,
                version: v
            })
        );
        assert_eq!(
            Kbli::parse("04111", v).unwrap_err().to_string(),
            "golongan pokok 04 (2 digit pertama) tidak ada di KBLI 2020"
        );
        assert!(Kbli::parse("00111", KbliVersion::V2025).is_err());
        assert!(Kbli::parse("04111", KbliVersion::V2025).is_ok());
    }

    #[test]
    fn versions_and_serde() {
        assert_eq!(KbliVersion::parse("2020"), Some(KbliVersion::V2020));
        assert_eq!(KbliVersion::parse("KBLI 2025"), Some(KbliVersion::V2025));
        assert_eq!(KbliVersion::parse("2015"), None);
        let k = Kbli::parse("56101", KbliVersion::V2020).unwrap();
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(json, r#"{"code":"56101","version":"2020"}"#);
        assert_eq!(serde_json::from_str::<Kbli>(&json).unwrap(), k);
        assert!(serde_json::from_str::<Kbli>(r#"{"code":"04111","version":"2020"}"#).is_err());
    }

    proptest! {
        #[test]
        fn five_digit_codes(code in "[0-9]{5}") {
            let div: u8 = code[..2].parse().unwrap();
            match Kbli::parse(&code, KbliVersion::V2020) {
                Ok(k) => {
                    prop_assert_eq!(k.code(), code.as_str());
                    let kat = k.kategori().unwrap();
                    prop_assert!(kat.divisions().contains(&div));
                }
                Err(e) => prop_assert_eq!(e, KbliError::UnknownDivision { division: div, version: KbliVersion::V2020 }),
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,10}") {
            let _ = Kbli::parse(&s, KbliVersion::V2020);
            let _ = Kbli::parse(&s, KbliVersion::V2025);
        }
    }
}
