//! Addresses: Indonesian street-address abbreviations and the neighbourhood numbers RT/RW.

use super::spelling::has_old_spelling;
use super::{fold, join, modernize_spelling};

/// Abbreviation → the word used in the normal form.
const WORDS: &[(&str, &str)] = &[
    ("jl", "jalan"),
    ("jln", "jalan"),
    ("jalan", "jalan"),
    ("gg", "gang"),
    ("gang", "gang"),
    ("kel", "kelurahan"),
    ("kec", "kecamatan"),
    ("ds", "desa"),
    ("dsn", "dusun"),
    ("kab", "kabupaten"),
    ("kp", "kampung"),
    ("kmp", "kampung"),
    ("kamp", "kampung"),
    ("komp", "komplek"),
    ("kompleks", "komplek"),
    ("perum", "perumahan"),
    ("blk", "blok"),
    ("prov", "provinsi"),
    ("st", "street"),
    ("rd", "road"),
    ("ave", "avenue"),
    ("pl", "place"),
    ("cres", "crescent"),
    ("ct", "court"),
];

/// Words that take the number after them: "RT 003", "No. 12A".
fn numbered_prefix(word: &str) -> Option<&'static str> {
    match word {
        "rt" => Some("rt"),
        "rw" => Some("rw"),
        "no" | "nomor" | "nmr" | "nomer" => Some("no"),
        "blok" | "blk" => Some("blok"),
        "km" => Some("km"),
        _ => None,
    }
}

fn strip_zeros(num: &str) -> &str {
    let t = num.trim_start_matches('0');
    if t.is_empty() { "0" } else { t }
}

/// Split "rt03" / "rw005" / "no12a" glued forms into prefix and number.
fn split_glued(word: &str) -> Option<(&'static str, &str)> {
    for p in ["rt", "rw", "no"] {
        if let Some(rest) = word.strip_prefix(p)
            && rest.starts_with(|c: char| c.is_ascii_digit())
        {
            return numbered_prefix(p).map(|pre| (pre, rest));
        }
    }
    None
}

/// A token the normalisation would leave as it is.
fn already_normal(w: &str) -> bool {
    let digits = w.bytes().all(|b| b.is_ascii_digit());
    !(WORDS.iter().any(|(from, to)| *from == w && from != to)
        || numbered_prefix(w).is_some()
        || split_glued(w).is_some()
        || (digits && w.len() > 1 && w.starts_with('0'))
        || has_old_spelling(w))
}

/// Normalise an address to space-separated tokens.
///
/// "Jl. Tjokroaminoto No.12 RT.003/RW.05 Kel. Sukamaju" →
/// "jalan cokroaminoto no12 rt3 rw5 kelurahan sukamaju".
pub fn normalize_address(raw: &str) -> Option<String> {
    if super::is_clean(raw, true) && raw.split(' ').all(already_normal) {
        return Some(raw.to_string());
    }
    let folded = fold(raw, &[]);
    let words: Vec<&str> = folded.split_whitespace().collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some(pre) = numbered_prefix(w)
            && let Some(next) = words.get(i + 1)
            && next.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push(format!("{pre}{}", strip_zeros(next)));
            i += 2;
            continue;
        }
        if let Some((pre, num)) = split_glued(w) {
            out.push(format!("{pre}{}", strip_zeros(num)));
        } else if let Some((_, to)) = WORDS.iter().find(|(from, _)| *from == w) {
            out.push((*to).to_string());
        } else if w.bytes().all(|b| b.is_ascii_digit()) {
            out.push(strip_zeros(w).to_string());
        } else {
            out.push(modernize_spelling(w));
        }
        i += 1;
    }
    join(&out)
}
