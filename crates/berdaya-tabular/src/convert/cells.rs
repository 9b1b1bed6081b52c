//! Small readers for cell texts that have no domain type in berdaya-core: counts, years,
//! yes/no flags, e-mail, "nothing here" markers, plain decimals from numeric cells.

use berdaya_core::Rupiah;

/// Texts Dinas sheets use for "no value". Treated as an empty cell.
pub fn is_blank_marker(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.').to_lowercase();
    t.is_empty()
        || t.chars()
            .all(|c| matches!(c, '-' | '–' | '—' | '_' | '.' | '/'))
        || matches!(
            t.as_str(),
            "n/a"
                | "na"
                | "#n/a"
                | "null"
                | "none"
                | "nihil"
                | "tidak ada"
                | "tdk ada"
                | "belum ada"
                | "belum punya"
                | "belum memiliki"
                | "tidak punya"
                | "blm ada"
                | "kosong"
        )
}

/// A whole number of people: "3", "3 orang", "3.0" (from Excel). `None` if not readable.
pub fn parse_count(s: &str) -> Option<u32> {
    let t = s.trim().to_lowercase();
    let t = t.trim_end_matches("orang").trim_end_matches("org").trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse::<u32>().ok()
}

/// A founding year: "2015", "Th. 2015", or a date ("12/05/2015", "2015-05-12") whose
/// year is taken.
pub fn parse_year(s: &str) -> Option<i32> {
    let mut best = None;
    let mut run = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            if run.len() == 4 {
                best = run.parse::<i32>().ok();
            }
            run.clear();
        }
    }
    best
}

/// Yes/no for a disability column: Some(true) with the kind when the cell names one
/// ("Tuna daksa"), Some(false) for "Tidak", None for blanks.
pub fn parse_flag(s: &str) -> Option<(bool, Option<String>)> {
    let t = s.trim().to_lowercase();
    match t.as_str() {
        "" => None,
        "ya" | "y" | "ada" | "1" | "true" | "iya" | "v" | "√" | "✓" => Some((true, None)),
        "tidak" | "tdk" | "t" | "bukan" | "no" | "n" | "0" | "false" | "non disabilitas"
        | "normal" => Some((false, None)),
        _ => Some((true, Some(s.trim().to_string()))),
    }
}

/// A plausible e-mail address, lower-cased.
pub fn parse_email(s: &str) -> Option<String> {
    let t = s.trim().to_lowercase();
    let (local, domain) = t.split_once('@')?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !t.contains(char::is_whitespace)
        && !domain.contains('@');
    ok.then_some(t)
}

/// Rupiah from a numeric cell's plain decimal text ("1500000", "2.5") times `unit`,
/// rounded to whole rupiah, with integer arithmetic only.
pub fn decimal_rupiah(s: &str, unit: i64) -> Option<Rupiah> {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty() && frac.is_empty() || int.starts_with('-') {
        return None;
    }
    if !int.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac = &frac[..frac.len().min(12)];
    let int: i128 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let scale = 10i128.pow(frac.len() as u32);
    let frac_v: i128 = if frac.is_empty() {
        0
    } else {
        frac.parse().ok()?
    };
    let total = (int * scale + frac_v).checked_mul(i128::from(unit))?;
    let rounded = (total + scale / 2) / scale;
    i64::try_from(rounded).ok().map(Rupiah::new)
}

/// "Nama  Pemilik " → "Nama Pemilik".
pub fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Upper-case the first letter of a message from berdaya-core.
pub fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_readers() {
        assert!(is_blank_marker(" - "));
        assert!(is_blank_marker("Belum ada"));
        assert!(!is_blank_marker("0812"));
        assert_eq!(parse_count("3 orang"), Some(3));
        assert_eq!(parse_count("2.0"), Some(2));
        assert_eq!(parse_count("banyak"), None);
        assert_eq!(parse_year("Th. 2015"), Some(2015));
        assert_eq!(parse_year("12/05/2015"), Some(2015));
        assert_eq!(parse_year("lama"), None);
        assert_eq!(parse_flag("Tidak"), Some((false, None)));
        assert_eq!(
            parse_flag("Tuna daksa"),
            Some((true, Some("Tuna daksa".into())))
        );
        assert_eq!(parse_email(" Ani@Contoh.id "), Some("ani@contoh.id".into()));
        assert_eq!(parse_email("ani@contoh"), None);
        assert_eq!(
            decimal_rupiah("2.5", 1_000_000),
            Some(Rupiah::new(2_500_000))
        );
        assert_eq!(decimal_rupiah("1500000", 1), Some(Rupiah::new(1_500_000)));
        assert_eq!(decimal_rupiah("1500000.5", 1), Some(Rupiah::new(1_500_001)));
        assert_eq!(decimal_rupiah("-5", 1), None);
        assert_eq!(capitalize("kode provinsi"), "Kode provinsi");
    }
}
