//! NIK (Nomor Induk Kependudukan): the 16-digit number on the e-KTP, `PPKKCC DDMMYY SSSS`.
//!
//! `PPKKCC` is the kecamatan where the NIK was first issued, `DDMMYY` the birth date (40 is
//! added to the day for women), `SSSS` a serial (never 0000). There is no check digit: a NIK
//! that parses may still not exist; the real check is Dukcapil matching.
//!
//! A NIK is personal data (UU 27/2022): `Debug` prints only the masked form and there is no
//! `Display`; use [`Nik::as_str`] where the full number is really needed, [`Nik::masked`]
//! everywhere else. It serializes as its 16-digit string.

use std::fmt;

use chrono::{Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::mask::mask_middle;
use crate::tanggal::resolve_two_digit_year;
use crate::wilayah::KodeWilayah;

/// Sex as encoded in the NIK and on the KTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JenisKelamin {
    Laki,
    Perempuan,
}

impl JenisKelamin {
    /// `"Laki-laki"` / `"Perempuan"`, as on the KTP.
    pub fn label(self) -> &'static str {
        match self {
            JenisKelamin::Laki => "Laki-laki",
            JenisKelamin::Perempuan => "Perempuan",
        }
    }

    /// One-letter code used in forms and spreadsheets: `L` / `P`.
    pub fn code(self) -> char {
        match self {
            JenisKelamin::Laki => 'L',
            JenisKelamin::Perempuan => 'P',
        }
    }

    /// Read what forms contain: `L`, `P`, `LK`, `PR`, `Laki-laki`, `Pria`, `Wanita`, …
    pub fn parse(input: &str) -> Option<Self> {
        let s: String = input
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        match s.as_str() {
            "l" | "lk" | "laki" | "lakilaki" | "pria" | "male" => Some(JenisKelamin::Laki),
            "p" | "pr" | "perempuan" | "wanita" | "female" => Some(JenisKelamin::Perempuan),
            _ => None,
        }
    }
}

/// Why a text is not a NIK. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikError {
    #[error("NIK kosong")]
    Empty,
    #[error(
        "NIK terbaca sebagai angka spreadsheet (mis. 6.474011505900001E15) sehingga digit \
         terakhirnya bisa sudah berubah; ubah format kolom NIK menjadi Teks lalu isi ulang NIK dari KTP"
    )]
    SpreadsheetNumber,
    #[error("NIK hanya boleh berisi angka (boleh dipisah spasi atau titik)")]
    InvalidChar,
    #[error("NIK harus 16 digit angka (terbaca {0} digit)")]
    Length(usize),
    #[error("kode provinsi pada NIK (2 digit pertama) harus antara 11 dan 99")]
    Provinsi,
    #[error("kode kabupaten/kota pada NIK (digit ke-3 dan ke-4) tidak boleh 00")]
    Kabkota,
    #[error("kode kecamatan pada NIK (digit ke-5 dan ke-6) tidak boleh 00")]
    Kecamatan,
    #[error(
        "tanggal lahir pada NIK (digit ke-7 dan ke-8) harus 01–31 untuk laki-laki \
         atau 41–71 untuk perempuan (terbaca {0:02})"
    )]
    Day(u32),
    #[error("bulan lahir pada NIK (digit ke-9 dan ke-10) harus 01–12 (terbaca {0:02})")]
    Month(u32),
    #[error("tanggal lahir pada NIK ({day:02}/{month:02}) tidak ada di kalender")]
    NoSuchDate { day: u32, month: u32 },
    #[error("nomor urut pada NIK (4 digit terakhir) tidak boleh 0000")]
    Serial,
}

/// A structurally valid NIK.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Nik {
    digits: String,
    kecamatan: KodeWilayah,
}

impl Nik {
    /// Parse a NIK as typed or pasted: spaces, dots, dashes and a leading apostrophe
    /// (spreadsheet text marker) are ignored. Spreadsheet numbers in scientific notation
    /// (`6.474011505900001E15`) or with a decimal part (`6474011505900001.0`) are rejected
    /// because their digits cannot be trusted.
    pub fn parse(input: &str) -> Result<Self, NikError> {
        let s = input
            .trim()
            .trim_start_matches(['\'', '‘', '’', '`'])
            .trim();
        if s.is_empty() {
            return Err(NikError::Empty);
        }
        if looks_like_spreadsheet_number(s) {
            return Err(NikError::SpreadsheetNumber);
        }
        let mut digits = String::with_capacity(16);
        for c in s.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '.' | '-' => {}
                c if c.is_whitespace() => {}
                _ => return Err(NikError::InvalidChar),
            }
        }
        if digits.len() != 16 {
            return Err(NikError::Length(digits.len()));
        }
        let part = |r: std::ops::Range<usize>| digits[r].parse::<u32>().unwrap_or(0);
        if part(0..2) < 11 {
            return Err(NikError::Provinsi);
        }
        if part(2..4) == 0 {
            return Err(NikError::Kabkota);
        }
        if part(4..6) == 0 {
            return Err(NikError::Kecamatan);
        }
        let raw_day = part(6..8);
        let day = match raw_day {
            1..=31 => raw_day,
            41..=71 => raw_day - 40,
            _ => return Err(NikError::Day(raw_day)),
        };
        let month = part(8..10);
        if !(1..=12).contains(&month) {
            return Err(NikError::Month(month));
        }
        // 2000 is a leap year, so 29/02 passes here; the century is chosen later.
        if NaiveDate::from_ymd_opt(2000, month, day).is_none() {
            return Err(NikError::NoSuchDate { day, month });
        }
        if part(12..16) == 0 {
            return Err(NikError::Serial);
        }
        let kecamatan = KodeWilayah::parse(&digits[0..6]).map_err(|_| NikError::Provinsi)?;
        Ok(Nik { digits, kecamatan })
    }

    /// The 16 digits. Personal data: show [`Nik::masked`] unless the role needs the full NIK.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// `6474**********01`: first 4 and last 2 digits kept.
    pub fn masked(&self) -> String {
        mask_middle(&self.digits, 4, 2)
    }

    /// The kecamatan where the NIK was first issued (`PP.KK.CC`). It may no longer exist
    /// (regions split): see [`check_kecamatan`].
    pub fn kecamatan_code(&self) -> KodeWilayah {
        self.kecamatan.clone()
    }

    pub fn sex(&self) -> JenisKelamin {
        if self.raw_day() > 40 {
            JenisKelamin::Perempuan
        } else {
            JenisKelamin::Laki
        }
    }

    /// Day of birth (1–31, with the 40 for women removed).
    pub fn birth_day(&self) -> u32 {
        self.raw_day() % 40
    }

    pub fn birth_month(&self) -> u32 {
        self.num(8..10)
    }

    /// The two-digit birth year as written (`80` for 1980).
    pub fn birth_year_2digit(&self) -> u32 {
        self.num(10..12)
    }

    /// Birth date in the latest century that is not after `reference` (usually today).
    pub fn birth_date_with(&self, reference: NaiveDate) -> NaiveDate {
        let (d, m, y) = (
            self.birth_day(),
            self.birth_month(),
            self.birth_year_2digit(),
        );
        resolve_two_digit_year(y, m, d, reference)
            // Unreachable: day/month were checked at parse time. A value is still needed.
            .unwrap_or(NaiveDate::MIN)
    }

    /// Birth date relative to today's date (UTC).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date_with(Utc::now().date_naive())
    }

    /// The 4-digit serial (1–9999).
    pub fn serial(&self) -> u16 {
        self.num(12..16) as u16
    }

    fn raw_day(&self) -> u32 {
        self.num(6..8)
    }

    fn num(&self, r: std::ops::Range<usize>) -> u32 {
        self.digits[r].parse().unwrap_or(0)
    }
}

fn looks_like_spreadsheet_number(s: &str) -> bool {
    let has_exponent = s.contains(['e', 'E'])
        && s.contains(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '.' | ',' | '+' | '-'));
    let decimal_tail = match s.split_once(['.', ',']) {
        Some((int, frac)) => {
            (15..=17).contains(&int.len())
                && int.chars().all(|c| c.is_ascii_digit())
                && !frac.is_empty()
                && frac.chars().all(|c| c == '0')
        }
        None => false,
    };
    has_exponent || decimal_tail
}

impl fmt::Debug for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Nik({})", self.masked())
    }
}

impl std::str::FromStr for Nik {
    type Err = NikError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Nik::parse(s)
    }
}

impl Serialize for Nik {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.digits)
    }
}

impl<'de> Deserialize<'de> for Nik {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Nik::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Something about a valid NIK that an operator should look at. Not a rejection.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NikWarning {
    #[error(
        "jenis kelamin menurut NIK ({}) berbeda dengan data isian ({}); periksa NIK atau jenis kelamin",
        .from_nik.label(),
        .declared.label()
    )]
    SexMismatch {
        from_nik: JenisKelamin,
        declared: JenisKelamin,
    },
    #[error(
        "tanggal lahir menurut NIK ({:02}/{:02}/{:02}) berbeda dengan data isian ({}); periksa NIK atau tanggal lahir",
        .day,
        .month,
        .year2,
        crate::tanggal::fmt_dmy(*.declared)
    )]
    BirthDateMismatch {
        day: u32,
        month: u32,
        year2: u32,
        declared: NaiveDate,
    },
    #[error(
        "kode kecamatan {kode} pada NIK tidak ada di daftar wilayah saat ini (mungkin wilayahnya sudah dimekarkan); cocokkan dengan KTP"
    )]
    UnknownKecamatan { kode: KodeWilayah },
}

/// Warn when the sex encoded in the NIK differs from the declared one.
pub fn check_sex(nik: &Nik, declared: JenisKelamin) -> Option<NikWarning> {
    let from_nik = nik.sex();
    (from_nik != declared).then_some(NikWarning::SexMismatch { from_nik, declared })
}

/// Warn when the birth date encoded in the NIK (day, month, two-digit year) differs from
/// the declared one.
pub fn check_birth_date(nik: &Nik, declared: NaiveDate) -> Option<NikWarning> {
    let (day, month, year2) = (nik.birth_day(), nik.birth_month(), nik.birth_year_2digit());
    let same = declared.day() == day
        && declared.month() == month
        && declared.year().rem_euclid(100) as u32 == year2;
    (!same).then_some(NikWarning::BirthDateMismatch {
        day,
        month,
        year2,
        declared,
    })
}

/// Warn when the NIK's kecamatan is not in the current region list; `is_known` answers
/// from whatever list the caller holds (e.g. the embedded Kemendagri list).
pub fn check_kecamatan(nik: &Nik, is_known: impl Fn(&KodeWilayah) -> bool) -> Option<NikWarning> {
    let kode = nik.kecamatan_code();
    (!is_known(&kode)).then_some(NikWarning::UnknownKecamatan { kode })
}

#[cfg(test)]
#[path = "nik_tests.rs"]
mod tests;
