//! Money as whole rupiah (`i64`). Never floats.
//!
//! [`Rupiah::parse`] reads what operators type: `Rp 1.500.000`, `Rp1.500.000,00`,
//! `1.500.000`, `1500000`, `1,5 juta`, `1.5 juta`, `2 jt`, `Rp 2,4 jt`, `750 ribu`, `750rb`,
//! `3 M`, `3 miliar`, `3 milyar`, `2 triliun`, `Rp 1.500.000,-`.
//!
//! Separator rules (Indonesian convention first, but refusing to guess):
//! - `.` groups thousands and `,` marks decimals; when both appear, the last one is the
//!   decimal mark, so `1,500,000.00` is also read correctly.
//! - A lone `.` followed by exactly three digits after 1–3 digits (`1.500`) is a thousands
//!   separator. A lone `,` in that position (`1,500`) is ambiguous and rejected, as is any
//!   such case with a unit (`1.500 juta`, `1,500 juta`).
//! - A decimal part must come to whole rupiah (`1,5 rb` = 1.500 is fine; `1.500,50` is not).
//! - Lowercase `m` is rejected (million or miliar?); write `M` or `miliar`.
//! - Negative amounts (`-`, `−`, or accounting parentheses) are rejected by
//!   [`Rupiah::parse`] and accepted by [`Rupiah::parse_signed`].

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a text is not an amount of rupiah. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RupiahError {
    #[error("nilai rupiah kosong")]
    Empty,
    #[error("nilai rupiah tidak boleh negatif")]
    Negative,
    #[error("nilai rupiah \"{0}\" tidak dikenali; tulis mis. Rp 1.500.000, 1500000, atau 1,5 juta")]
    Invalid(String),
    #[error(
        "penulisan \"{0}\" meragukan: titik/koma di situ bisa berarti ribuan atau desimal; \
         tulis lengkap mis. 1.500.000, atau dengan satu angka desimal mis. 1,5 juta"
    )]
    Ambiguous(String),
    #[error(
        "satuan \"{0}\" tidak dikenali; gunakan ribu/rb, juta/jt, M/miliar/milyar, atau T/triliun"
    )]
    UnknownUnit(String),
    #[error("nilai rupiah \"{0}\" tidak boleh mengandung pecahan rupiah (sen)")]
    Fraction(String),
    #[error("nilai rupiah terlalu besar")]
    TooLarge,
}

/// An amount of whole rupiah. May be negative (differences, corrections); parsing user
/// input rejects negatives unless [`Rupiah::parse_signed`] is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rupiah(i64);

impl Rupiah {
    pub const ZERO: Rupiah = Rupiah(0);
    pub const MAX: Rupiah = Rupiah(i64::MAX);

    pub const fn new(amount: i64) -> Self {
        Rupiah(amount)
    }

    /// The amount in whole rupiah.
    pub const fn amount(self) -> i64 {
        self.0
    }

    /// `n` thousand rupiah, `None` on overflow.
    pub const fn ribu(n: i64) -> Option<Self> {
        Self::times(n, 1_000)
    }

    /// `n` million rupiah (juta), `None` on overflow.
    pub const fn juta(n: i64) -> Option<Self> {
        Self::times(n, 1_000_000)
    }

    /// `n` billion rupiah (miliar), `None` on overflow.
    pub const fn miliar(n: i64) -> Option<Self> {
        Self::times(n, 1_000_000_000)
    }

    const fn times(n: i64, unit: i64) -> Option<Self> {
        match n.checked_mul(unit) {
            Some(v) => Some(Rupiah(v)),
            None => None,
        }
    }

    /// Parse a non-negative amount (see the module docs for accepted forms).
    pub fn parse(input: &str) -> Result<Self, RupiahError> {
        parse_amount(input, false)
    }

    /// Parse an amount that may be negative (`-Rp 500.000`, `(500.000)`).
    pub fn parse_signed(input: &str) -> Result<Self, RupiahError> {
        parse_amount(input, true)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn checked_add(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_add(other.0).map(Rupiah)
    }

    pub fn checked_sub(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_sub(other.0).map(Rupiah)
    }

    /// Multiply by a count (e.g. 12 months, 50 recipients).
    pub fn checked_mul(self, factor: i64) -> Option<Rupiah> {
        self.0.checked_mul(factor).map(Rupiah)
    }

    /// Integer division rounding toward zero (e.g. split a budget); `None` for 0 or overflow.
    pub fn checked_div(self, divisor: i64) -> Option<Rupiah> {
        self.0.checked_div(divisor).map(Rupiah)
    }

    pub fn checked_neg(self) -> Option<Rupiah> {
        self.0.checked_neg().map(Rupiah)
    }

    pub fn saturating_add(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0.saturating_add(other.0))
    }

    pub fn saturating_sub(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0.saturating_sub(other.0))
    }

    /// Sum of many amounts, `None` on overflow.
    pub fn checked_sum<I: IntoIterator<Item = Rupiah>>(items: I) -> Option<Rupiah> {
        items
            .into_iter()
            .try_fold(Rupiah::ZERO, Rupiah::checked_add)
    }

    /// Digits with thousands dots and no currency, `-1.500.000`; for spreadsheet cells.
    pub fn format_number(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}", group_thousands(self.0.unsigned_abs()))
    }

    /// Short form for dashboards, rounded to one decimal: `Rp 1,5 juta`, `Rp 3 miliar`,
    /// `Rp 750 ribu`, `Rp 999`. Lossy: use `Display` wherever the exact amount matters.
    pub fn fmt_singkat(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = u128::from(self.0.unsigned_abs());
        const UNITS: [(u128, &str); 4] = [
            (1_000_000_000_000, "triliun"),
            (1_000_000_000, "miliar"),
            (1_000_000, "juta"),
            (1_000, "ribu"),
        ];
        let tenths_of = |unit: u128| (abs * 10 + unit / 2) / unit;
        let chosen = UNITS.iter().position(|&(unit, _)| abs >= unit).map(|i| {
            let tenths = tenths_of(UNITS[i].0);
            // Rounding may carry into the next unit up (999.999 ribu → 1 juta).
            match i.checked_sub(1) {
                Some(up) if tenths >= 10_000 => (tenths_of(UNITS[up].0), UNITS[up].1),
                _ => (tenths, UNITS[i].1),
            }
        });
        match chosen {
            Some((tenths, name)) if tenths % 10 == 0 => format!("{sign}Rp {} {name}", tenths / 10),
            Some((tenths, name)) => format!("{sign}Rp {},{} {name}", tenths / 10, tenths % 10),
            None => format!("{sign}Rp {abs}"),
        }
    }
}

impl fmt::Display for Rupiah {
    /// `Rp 1.500.000`, `-Rp 250.000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}Rp {}", group_thousands(self.0.unsigned_abs()))
    }
}

impl std::str::FromStr for Rupiah {
    type Err = RupiahError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rupiah::parse(s)
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

fn strip_suffix_ci<'a>(s: &'a str, suffix: &str) -> Option<&'a str> {
    let at = s.len().checked_sub(suffix.len())?;
    let tail = s.get(at..)?;
    tail.eq_ignore_ascii_case(suffix).then(|| &s[..at])
}

fn strip_minus<'a>(s: &'a str, negative: &mut bool) -> &'a str {
    match s.strip_prefix(['-', '−']) {
        Some(rest) => {
            *negative = true;
            rest.trim_start()
        }
        None => s,
    }
}

fn unit_multiplier(unit: &str) -> Result<u128, RupiahError> {
    let u = unit.strip_suffix('.').unwrap_or(unit);
    match u {
        "M" => return Ok(1_000_000_000),
        "T" => return Ok(1_000_000_000_000),
        _ => {}
    }
    let m = match u.to_lowercase().as_str() {
        "" => 1,
        "rb" | "ribu" | "k" => 1_000,
        "jt" | "juta" => 1_000_000,
        "miliar" | "milyar" | "milyard" | "miliard" => 1_000_000_000,
        "triliun" | "trilyun" => 1_000_000_000_000,
        _ => return Err(RupiahError::UnknownUnit(unit.to_string())),
    };
    Ok(m)
}

/// Split a number written with `.`/`,` into (integer digits, fraction digits without
/// trailing zeros), following the separator rules in the module docs.
fn split_number(
    num: &str,
    has_unit: bool,
    original: &str,
) -> Result<(String, String), RupiahError> {
    let invalid = || RupiahError::Invalid(original.to_string());
    let seps: Vec<(usize, char)> = num
        .char_indices()
        .filter(|&(_, c)| c == '.' || c == ',')
        .collect();
    let decimal_at = match seps.as_slice() {
        [] => None,
        &[(i, sep)] => {
            let (int, frac) = (&num[..i], &num[i + 1..]);
            if frac.len() == 3 && (1..=3).contains(&int.len()) {
                if sep == '.' && !has_unit {
                    None
                } else {
                    return Err(RupiahError::Ambiguous(original.to_string()));
                }
            } else {
                Some(i)
            }
        }
        &[.., (last_i, last_c)] => {
            if seps.iter().all(|&(_, c)| c == last_c) {
                None
            } else if seps[..seps.len() - 1].iter().any(|&(_, c)| c == last_c) {
                return Err(invalid());
            } else {
                Some(last_i)
            }
        }
    };
    let (grouped, fraction) = match decimal_at {
        Some(i) => (&num[..i], &num[i + 1..]),
        None => (num, ""),
    };
    if decimal_at.is_some() && fraction.is_empty() {
        return Err(invalid());
    }
    let groups: Vec<&str> = grouped.split(['.', ',']).collect();
    let groups_ok = match groups.as_slice() {
        [only] => !only.is_empty(),
        [first, rest @ ..] => (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3),
        [] => false,
    };
    if !groups_ok {
        return Err(invalid());
    }
    Ok((groups.concat(), fraction.trim_end_matches('0').to_string()))
}

fn parse_amount(input: &str, allow_negative: bool) -> Result<Rupiah, RupiahError> {
    let original = input.trim();
    if original.is_empty() {
        return Err(RupiahError::Empty);
    }
    let invalid = || RupiahError::Invalid(original.to_string());
    let mut negative = false;
    let mut s = original;
    if let Some(inner) = s.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    s = strip_minus(s, &mut negative);
    for prefix in ["rp.", "rp", "idr"] {
        if let Some(rest) = strip_prefix_ci(s, prefix) {
            s = rest.trim_start();
            break;
        }
    }
    s = strip_minus(s, &mut negative);
    for suffix in [",-", ".-", "rupiah", ",-"] {
        if let Some(rest) = strip_suffix_ci(s, suffix) {
            s = rest.trim_end();
        }
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let (num, unit) = (&s[..split], s[split..].trim());
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(invalid());
    }
    if unit.contains(|c: char| c.is_ascii_digit()) {
        return Err(invalid());
    }
    let multiplier = unit_multiplier(unit)?;
    let (int, frac) = split_number(num, multiplier > 1, original)?;
    if frac.len() > 15 {
        return Err(RupiahError::Fraction(original.to_string()));
    }
    let int: u128 = int.parse().map_err(|_| RupiahError::TooLarge)?;
    let scale = 10u128.pow(frac.len() as u32);
    let frac_value: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().map_err(|_| invalid())?
    };
    let frac_amount = frac_value * multiplier;
    if !frac_amount.is_multiple_of(scale) {
        return Err(RupiahError::Fraction(original.to_string()));
    }
    let total = int
        .checked_mul(multiplier)
        .and_then(|v| v.checked_add(frac_amount / scale))
        .ok_or(RupiahError::TooLarge)?;
    let total = i128::try_from(total).map_err(|_| RupiahError::TooLarge)?;
    let signed = if negative { -total } else { total };
    if signed < 0 && !allow_negative {
        return Err(RupiahError::Negative);
    }
    i64::try_from(signed)
        .map(Rupiah)
        .map_err(|_| RupiahError::TooLarge)
}

impl Serialize for Rupiah {
    /// A JSON integer of whole rupiah.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Rupiah {
    /// An integer, an integral float, or a string accepted by [`Rupiah::parse_signed`].
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Rupiah;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("nilai rupiah (bilangan bulat atau teks seperti \"Rp 1.500.000\")")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Rupiah, E> {
                Ok(Rupiah(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Rupiah, E> {
                i64::try_from(v)
                    .map(Rupiah)
                    .map_err(|_| E::custom(RupiahError::TooLarge))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Rupiah, E> {
                let ok = v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e18;
                ok.then_some(Rupiah(v as i64))
                    .ok_or_else(|| E::custom(RupiahError::Fraction(v.to_string())))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rupiah, E> {
                Rupiah::parse_signed(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
#[path = "rupiah_tests.rs"]
mod tests;
