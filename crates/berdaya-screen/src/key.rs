//! Compact keys: NIK/KK as `u64`, dates as day numbers, names and phones as 64-bit hashes of
//! their normalised form. 12 M applicants and 5.5 M list entries fit in a few hundred MB.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use berdaya_match::fxhash::FxHasher;
use berdaya_match::normalize::normalize_phone;
use chrono::{Datelike, NaiveDate};

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The 16 digits of a NIK or KK number as a number: spaces, dots, dashes and a leading
/// apostrophe are ignored; anything else (letters, 15 or 17 digits, scientific notation)
/// gives `None`. Structural validity is [`berdaya_core::Nik::parse`]'s job.
pub fn nik_key(s: &str) -> Option<u64> {
    let s = s.trim().trim_start_matches(['\'', '‘', '’', '`']);
    let mut v: u64 = 0;
    let mut n = 0;
    for b in s.bytes() {
        match b {
            b'0'..=b'9' => {
                v = v * 10 + u64::from(b - b'0');
                n += 1;
                if n > 16 {
                    return None;
                }
            }
            b' ' | b'.' | b'-' | b'\t' => {}
            _ => return None,
        }
    }
    (n == 16).then_some(v)
}

/// The 16 digits of a key, zero-padded.
pub fn nik_text(key: u64) -> String {
    format!("{key:016}")
}

/// `6474**********01`, the project's mask (first 4 and last 2 digits).
pub fn mask_key(key: u64) -> String {
    berdaya_core::mask::mask_middle(&nik_text(key), 4, 2)
}

/// Days from 0001-01-01 (`0` = unknown).
pub(crate) fn day_number(d: Option<NaiveDate>) -> i32 {
    d.map_or(0, |d| d.num_days_from_ce())
}

pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = FxHasher::default();
    s.hash(&mut h);
    // A final avalanche so that nearby inputs spread over hash-map buckets.
    let mut x = h.finish();
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x
}

/// Same person key: normalised name and birth date. `None` when the date is missing.
pub(crate) fn person_key_norm(norm: &str, birth: Option<NaiveDate>) -> Option<u64> {
    let b = birth?;
    Some(hash_str(norm) ^ (u64::from(b.num_days_from_ce() as u32)).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Hash of the national phone number (`8123456789`); `None` when not a phone number.
pub(crate) fn phone_key(phone: &str) -> Option<u64> {
    normalize_phone(phone).map(|p| hash_str(&p))
}

/// Case- and space-insensitive form of a name, for the cheap "same as written" check
/// (leading, trailing and repeated white space ignored).
pub(crate) fn folded_name_hash(name: &str) -> u64 {
    let mut h = FxHasher::default();
    let mut space = false;
    let mut started = false;
    let mut rest = name;
    while let Some(&b) = rest.as_bytes().first() {
        // ASCII without decoding: the same characters, lower-cased the same way.
        let c = if b.is_ascii() {
            rest = &rest[1..];
            char::from(b)
        } else {
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            c
        };
        if c.is_whitespace() {
            space = started;
            continue;
        }
        if space {
            h.write_u8(b' ');
            space = false;
        }
        started = true;
        if c.is_ascii() {
            h.write_u32(u32::from(c.to_ascii_lowercase()));
        } else {
            for l in c.to_lowercase() {
                h.write_u32(l as u32);
            }
        }
    }
    h.finish()
}

/// Year-month-day of a day number, for messages.
pub(crate) fn date_of(days: i32) -> Option<NaiveDate> {
    (days != 0)
        .then(|| NaiveDate::from_num_days_from_ce_opt(days))
        .flatten()
}

/// Whole years between `birth` and `on` (0 if `on` is earlier).
pub(crate) fn age_years(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0) as u32
}

/// Whole months between `from` and `on` (0 if `on` is earlier).
pub(crate) fn months_between(from: NaiveDate, on: NaiveDate) -> u32 {
    let mut m = (on.year() - from.year()) * 12 + on.month() as i32 - from.month() as i32;
    if on.day() < from.day() {
        m -= 1;
    }
    m.max(0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash as first written, character by character.
    fn folded_slowly(name: &str) -> u64 {
        let mut h = FxHasher::default();
        let mut space = false;
        let mut started = false;
        for c in name.chars() {
            if c.is_whitespace() {
                space = started;
                continue;
            }
            if space {
                h.write_u8(b' ');
                space = false;
            }
            started = true;
            for l in c.to_lowercase() {
                h.write_u32(l as u32);
            }
        }
        h.finish()
    }

    #[test]
    fn folded_names_hash_as_they_did_and_ignore_case_and_spacing() {
        let names = [
            "Siti Aminah", "siti aminah", "  SITI   Aminah ", "Siti\tAminah", "Siti\u{b}Aminah",
            "SitiAminah", "Siti Aminah H", "", "   ", "Ṣiti Aminah", "ṣITI aminah", "Siti\u{a0}Aminah",
            "Siti\u{3000}aminah", "İbrahim", "i̇brahim", "ibrahim", "KELVIN", "\u{212a}elvin", "kelvin",
            "Siti Amina", "Siti Aminah\n",
        ];
        for a in names {
            assert_eq!(folded_name_hash(a), folded_slowly(a), "{a:?}");
        }
        assert_eq!(folded_name_hash("  SITI   Aminah "), folded_name_hash("siti aminah"));
        assert_ne!(folded_name_hash("SitiAminah"), folded_name_hash("siti aminah"));
    }
}
