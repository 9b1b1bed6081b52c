//! Dates, identity numbers, phone numbers, codes.

use super::fold;


const MONTHS: &[(&str, u32)] = &[
    ("januari", 1), ("jan", 1), ("january", 1), ("februari", 2), ("feb", 2), ("pebruari", 2),
    ("february", 2), ("maret", 3), ("mar", 3), ("march", 3), ("april", 4), ("apr", 4),
    ("mei", 5), ("may", 5), ("juni", 6), ("jun", 6), ("june", 6), ("juli", 7), ("jul", 7),
    ("july", 7), ("agustus", 8), ("agu", 8), ("agt", 8), ("ags", 8), ("aug", 8),
    ("august", 8), ("september", 9), ("sep", 9), ("sept", 9), ("oktober", 10), ("okt", 10),
    ("oct", 10), ("october", 10), ("november", 11), ("nov", 11), ("nopember", 11),
    ("desember", 12), ("des", 12), ("dec", 12), ("december", 12),
];

fn month_number(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (1..=12).contains(&n).then_some(n);
    }
    MONTHS.iter().find(|(name, _)| *name == word).map(|(_, n)| *n)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    ((1800..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}{m:02}{d:02}"))
}

/// Normalise a date to "YYYYMMDD".
///
/// Accepts YYYYMMDD, YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY and "17 Agustus 1945".
/// An 8-digit value is kept as it is even when it is not a calendar date (a mistyped day or
/// month still carries the year and the other digits); separated forms must be plausible.
pub fn normalize_date(raw: &str) -> Option<String> {
    let t = raw.trim();
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        return (t != "00000000").then(|| t.to_string());
    }
    let folded = fold(t, &[]);
    // Drop a time part such as "1990-01-02 00:00:00".
    let parts: Vec<&str> = folded.split_whitespace().take(3).collect();
    if parts.len() != 3 {
        return None;
    }
    let num = |s: &str| s.parse::<u32>().ok();
    if parts[0].len() == 4 {
        ymd(num(parts[0])?, month_number(parts[1])?, num(parts[2])?)
    } else {
        let y = num(parts[2])?;
        let y = if parts[2].len() == 2 { if y > 30 { 1900 + y } else { 2000 + y } } else { y };
        ymd(y, month_number(parts[1])?, num(parts[0])?)
    }
}

/// Keep only the digits (NIK, KK number, social-security number, postcode).
pub fn normalize_digits(raw: &str) -> Option<String> {
    let d: String = raw.chars().filter(char::is_ascii_digit).collect();
    (!d.is_empty() && d.bytes().any(|b| b != b'0')).then_some(d)
}

/// Indonesian mobile/landline numbers to the national number without the trunk prefix:
/// "0812-3456-789", "+62 812 3456 789" and "62812345678 9" all give "8123456789".
pub fn normalize_phone(raw: &str) -> Option<String> {
    let d = normalize_digits(raw)?;
    let national = if let Some(rest) = d.strip_prefix("62") {
        rest
    } else if let Some(rest) = d.strip_prefix('0') {
        rest
    } else {
        d.as_str()
    };
    let national = national.trim_start_matches('0');
    (national.len() >= 6).then(|| national.to_string())
}

/// Kemendagri region code ("64.74.02.1001" or "6474021001") to its digits.
pub fn normalize_region(raw: &str) -> Option<String> {
    normalize_digits(raw)
}

/// A short code or free word (postcode, state, street number, sex): lower case, single spaces.
pub fn normalize_code(raw: &str) -> Option<String> {
    if super::is_clean(raw, true) {
        return Some(raw.to_string());
    }
    let folded = fold(raw, &[]);
    let words: Vec<&str> = folded.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}
