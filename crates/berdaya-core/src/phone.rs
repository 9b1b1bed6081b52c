//! Indonesian mobile numbers (nomor HP), normalised to E.164 `+628…`.
//!
//! Accepted: `0812…`, `+62812…`, `62812…`, `0062812…`, `+62 (0) 812…`, and `812…` (a
//! spreadsheet that dropped the leading 0), with spaces, dashes, dots, slashes and
//! parentheses anywhere. After the country code the number must start with 8, not 80
//! (0800/0809 are toll-free/premium services), and have 9–12 digits (10–13 with the 0).
//!
//! Decision: landlines (`0541-123456`) are **rejected** with a message saying so. Programs
//! contact owners by SMS/WhatsApp, which needs a mobile number; a business landline, if
//! ever needed, belongs in a separate free-text field.
//!
//! A phone number is personal data: `Debug` prints the masked form.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::mask::mask_middle;

/// Why a text is not an Indonesian mobile number. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoHpError {
    #[error("nomor HP kosong")]
    Empty,
    #[error(
        "nomor HP hanya boleh berisi angka, spasi, tanda hubung, titik, kurung, atau + di depan"
    )]
    InvalidChar,
    #[error(
        "nomor HP terbaca sebagai angka spreadsheet (mis. 6.28123E+11); ubah format kolom menjadi Teks lalu isi ulang"
    )]
    SpreadsheetNumber,
    #[error(
        "nomor luar negeri (+{0}…) tidak diterima; isi nomor HP Indonesia, mis. 0812-3456-7890"
    )]
    Foreign(String),
    #[error(
        "nomor {0} tampaknya telepon rumah/kantor, bukan nomor HP; isi nomor HP yang diawali 08, mis. 0812-3456-7890"
    )]
    Landline(String),
    #[error("nomor 0800/0809 adalah layanan bebas pulsa/premium, bukan nomor HP")]
    SpecialService,
    #[error("nomor HP harus diawali 08 atau +628, mis. 0812-3456-7890")]
    NotMobile,
    #[error("nomor HP harus 10–13 digit jika diawali 0 (terbaca {0} digit)")]
    Length(usize),
}

/// A valid Indonesian mobile number, stored in E.164 form (`+6281234567890`).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoHp {
    e164: String,
}

impl NoHp {
    pub fn parse(input: &str) -> Result<Self, NoHpError> {
        let s = input
            .trim()
            .trim_start_matches(['\'', '‘', '’', '`'])
            .trim();
        if s.is_empty() {
            return Err(NoHpError::Empty);
        }
        if s.contains(['e', 'E']) && s.contains(|c: char| c.is_ascii_digit()) {
            let numeric = s
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, 'e' | 'E' | '.' | ',' | '+' | '-'));
            if numeric {
                return Err(NoHpError::SpreadsheetNumber);
            }
        }
        let plus = s.starts_with('+');
        let body = if plus { &s[1..] } else { s };
        let mut digits = String::with_capacity(16);
        for c in body.chars() {
            match c {
                '0'..='9' => digits.push(c),
                '-' | '.' | '(' | ')' | '/' => {}
                c if c.is_whitespace() => {}
                _ => return Err(NoHpError::InvalidChar),
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("0062") {
            rest
        } else if let Some(rest) = digits.strip_prefix("62") {
            rest
        } else if plus {
            let cc: String = digits.chars().take(3).collect();
            return Err(NoHpError::Foreign(cc));
        } else if let Some(rest) = digits.strip_prefix('0') {
            if !rest.starts_with('8') && !rest.is_empty() {
                return Err(NoHpError::Landline(group_for_message(&digits)));
            }
            rest
        } else {
            &digits
        };
        // "+62 (0) 812…": a trunk 0 written after the country code.
        let nsn = match national.strip_prefix('0') {
            Some(rest) if rest.starts_with('8') => rest,
            _ => national,
        };
        if !nsn.starts_with('8') {
            if nsn.starts_with(|c: char| ('1'..='7').contains(&c) || c == '9') && nsn.len() >= 7 {
                return Err(NoHpError::Landline(group_for_message(&format!("0{nsn}"))));
            }
            return Err(NoHpError::NotMobile);
        }
        if nsn.starts_with("80") {
            return Err(NoHpError::SpecialService);
        }
        if !(9..=12).contains(&nsn.len()) {
            return Err(NoHpError::Length(nsn.len() + 1));
        }
        Ok(NoHp {
            e164: format!("+62{nsn}"),
        })
    }

    /// E.164 form, `+6281234567890`.
    pub fn as_str(&self) -> &str {
        &self.e164
    }

    /// National form as people write it, `081234567890`.
    pub fn national(&self) -> String {
        format!("0{}", &self.e164[3..])
    }

    /// Digits without `+`, as used by `https://wa.me/…`, `6281234567890`.
    pub fn international_digits(&self) -> &str {
        &self.e164[1..]
    }

    /// WhatsApp click-to-chat link.
    pub fn whatsapp_link(&self) -> String {
        format!("https://wa.me/{}", self.international_digits())
    }

    /// `+62812****7890`: country code, the first 3 digits and the last 4 kept.
    pub fn masked(&self) -> String {
        let nsn = &self.e164[3..];
        format!("+62{}", mask_middle(nsn, 3, 4))
    }
}

/// The input's digits with the area code separated, for an error message (not personal
/// data: it is only ever shown back to the person who typed it).
fn group_for_message(digits: &str) -> String {
    let area =
        if digits.starts_with("021") || digits.starts_with("022") || digits.starts_with("031") {
            3
        } else {
            4
        };
    if digits.len() > area {
        format!("{}-{}", &digits[..area], &digits[area..])
    } else {
        digits.to_string()
    }
}

impl fmt::Debug for NoHp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoHp({})", self.masked())
    }
}

impl std::str::FromStr for NoHp {
    type Err = NoHpError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NoHp::parse(s)
    }
}

impl Serialize for NoHp {
    /// The E.164 string.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.e164)
    }
}

impl<'de> Deserialize<'de> for NoHp {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        NoHp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(s: &str) -> String {
        NoHp::parse(s)
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .as_str()
            .to_string()
    }

    #[test]
    fn normalises_common_forms() {
        let forms = "081234567890|+6281234567890|6281234567890|81234567890|0812-3456-7890|\
                     0812 3456 7890|0812.3456.7890|(0812) 3456-7890|+62 812-3456-7890|\
                     +62 (0) 812 3456 7890|0062 812 3456 7890|'081234567890| +62-812-3456-7890 ";
        for s in forms.split('|') {
            assert_eq!(ok(s), "+6281234567890", "{s}");
        }
        assert_eq!(ok("0811-123-456"), "+62811123456");
        assert_eq!(ok("0896 1234 5678 9"), "+62896123456789");
    }

    #[test]
    fn exposes_forms() {
        let n = NoHp::parse("0812-3456-7890").unwrap();
        assert_eq!(n.national(), "081234567890");
        assert_eq!(n.international_digits(), "6281234567890");
        assert_eq!(n.whatsapp_link(), "https://wa.me/6281234567890");
        assert_eq!(n.masked(), "+62812****7890");
        assert_eq!(
            NoHp::parse("0812-3456-78").unwrap().masked(),
            "+62812**5678"
        );
        assert_eq!(format!("{n:?}"), "NoHp(+62812****7890)");
        assert_eq!(serde_json::to_string(&n).unwrap(), "\"+6281234567890\"");
        assert_eq!(
            serde_json::from_str::<NoHp>("\"0812 3456 7890\"").unwrap(),
            n
        );
    }

    #[test]
    fn rejects_with_clear_reason() {
        assert_eq!(NoHp::parse(""), Err(NoHpError::Empty));
        assert_eq!(NoHp::parse("0812-abc"), Err(NoHpError::InvalidChar));
        assert_eq!(
            NoHp::parse("6.28123E+11"),
            Err(NoHpError::SpreadsheetNumber)
        );
        assert_eq!(
            NoHp::parse("+60 12-345 6789"),
            Err(NoHpError::Foreign("601".into()))
        );
        assert_eq!(
            NoHp::parse("0541-123456"),
            Err(NoHpError::Landline("0541-123456".into()))
        );
        assert_eq!(
            NoHp::parse("(021) 5551234"),
            Err(NoHpError::Landline("021-5551234".into()))
        );
        assert_eq!(
            NoHp::parse("+62 541 123456"),
            Err(NoHpError::Landline("0541-123456".into()))
        );
        assert_eq!(NoHp::parse("0800-1-234567"), Err(NoHpError::SpecialService));
        assert_eq!(NoHp::parse("0812345"), Err(NoHpError::Length(7)));
        assert_eq!(NoHp::parse("08123456789012"), Err(NoHpError::Length(14)));
        assert_eq!(NoHp::parse("12345"), Err(NoHpError::NotMobile));
        assert_eq!(
            NoHp::parse("0541-123456").unwrap_err().to_string(),
            "nomor 0541-123456 tampaknya telepon rumah/kantor, bukan nomor HP; \
             isi nomor HP yang diawali 08, mis. 0812-3456-7890"
        );
    }

    proptest! {
        #[test]
        fn every_form_gives_same_e164(nsn in "8[1-9][0-9]{7,10}", prefix in prop::sample::select(vec!["0", "+62", "62", "", "+62 (0) ", "0062"]), sep in "[ .-]?") {
            let grouped: Vec<String> = nsn.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
            let s = format!("{prefix}{}", grouped.join(&sep));
            let n = NoHp::parse(&s).unwrap();
            prop_assert_eq!(n.as_str(), format!("+62{nsn}"));
            prop_assert_eq!(NoHp::parse(&n.national()).unwrap(), n.clone());
            let m = n.masked();
            prop_assert_eq!(m.len(), n.as_str().len());
            let dbg = format!("{n:?}");
            prop_assert!(!dbg.contains(&nsn));
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,24}") {
            let _ = NoHp::parse(&s);
        }
    }
}
