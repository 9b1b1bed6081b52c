//! Indonesian date formats: parsing what operators type or paste, and formatting for the UI.
//!
//! Accepted by [`parse_date`]: `27/07/2020`, `27-07-2020`, `27.07.2020`, `2020-07-27`,
//! `27/7/20` (two-digit year: the latest century that is not after the reference date),
//! `27 Juli 2020`, `27 Jul 2020`, `27-Agustus-2020`, abbreviations such as `Agt`, `Agu`,
//! `Ags`, `Nop`, `Des`, `Peb`, English month names, and a trailing time (`27/07/2020 00:00`).
//! Month-first (US) dates are not accepted: `07/27/2020` fails because 27 is no month.
//! Four-digit years must lie in 1800–2200 (catches typos such as `0202`).
//! Excel serial day numbers go through [`from_excel_serial`].

use chrono::{Datelike, Days, NaiveDate};

/// Why a date could not be read. Messages are for Dinas operators.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TanggalError {
    #[error("tanggal kosong")]
    Empty,
    #[error(
        "format tanggal \"{0}\" tidak dikenali; gunakan hh/bb/tttt, mis. 27/07/2020 atau 27 Juli 2020"
    )]
    Format(String),
    #[error("nama bulan \"{0}\" tidak dikenali; gunakan mis. Januari, Feb, Agustus, Agt, Nop, Des")]
    UnknownMonth(String),
    #[error("bulan harus 1 sampai 12 (terbaca {0})")]
    InvalidMonth(u32),
    #[error("tanggal {day:02}/{month:02}/{year} tidak ada di kalender")]
    NoSuchDate { day: u32, month: u32, year: i32 },
    #[error("tahun {0} tidak wajar; periksa penulisan tahun (harus antara 1800 dan 2200)")]
    YearOutOfRange(i32),
    #[error("nomor tanggal Excel {0} di luar rentang yang dikenal")]
    ExcelSerialOutOfRange(String),
    #[error(
        "tempat lahir kosong; isi dengan format \"Tempat, tanggal\", mis. \"Bontang, 12-05-1980\""
    )]
    MissingPlace,
    #[error(
        "tanggal lahir tidak ditemukan; isi dengan format \"Tempat, tanggal\", mis. \"Bontang, 12-05-1980\""
    )]
    MissingDate,
}

const MONTHS: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// Month number (1–12) for an Indonesian or English month name or abbreviation.
pub fn month_from_name(name: &str) -> Option<u32> {
    let n = name.trim().trim_end_matches('.').to_lowercase();
    let m = match n.as_str() {
        "januari" | "jan" | "january" => 1,
        "februari" | "pebruari" | "feb" | "peb" | "febr" | "february" => 2,
        "maret" | "mar" | "mrt" | "march" => 3,
        "april" | "apr" => 4,
        "mei" | "may" => 5,
        "juni" | "jun" | "june" => 6,
        "juli" | "jul" | "july" => 7,
        "agustus" | "agu" | "agt" | "ags" | "agst" | "aug" | "august" => 8,
        "september" | "sep" | "sept" => 9,
        "oktober" | "okt" | "oct" | "october" => 10,
        "november" | "nopember" | "nov" | "nop" => 11,
        "desember" | "des" | "dec" | "december" => 12,
        _ => return None,
    };
    Some(m)
}

/// Indonesian month name, `1` → `"Januari"`. Out-of-range numbers give `""`.
pub fn month_name(month: u32) -> &'static str {
    MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// The date `day/month/yy` in the latest century whose date is not after `reference`.
///
/// Used for two-digit years (`12/05/80`) and for the birth date in a NIK. Returns `None`
/// only when the day and month never exist (e.g. 31/04). For 29/02 the century chosen is
/// the latest one in which that year is a leap year.
pub fn resolve_two_digit_year(
    yy: u32,
    month: u32,
    day: u32,
    reference: NaiveDate,
) -> Option<NaiveDate> {
    if yy > 99 || NaiveDate::from_ymd_opt(2000, month, day).is_none() {
        return None;
    }
    let mut century = reference.year().div_euclid(100);
    // 29/02 exists at least once in every 400 years, so a handful of steps suffice.
    for _ in 0..8 {
        let year = century * 100 + yy as i32;
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day)
            && d <= reference
        {
            return Some(d);
        }
        century -= 1;
    }
    None
}

/// Parse a date typed by an operator. `reference` (usually today) resolves two-digit years.
pub fn parse_date(input: &str, reference: NaiveDate) -> Result<NaiveDate, TanggalError> {
    let s = strip_time(input.trim());
    if s.is_empty() {
        return Err(TanggalError::Empty);
    }
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ','))
        .filter(|t| !t.is_empty())
        .collect();
    let fmt_err = || TanggalError::Format(s.to_string());
    let &[a, b, c] = tokens.as_slice() else {
        return Err(fmt_err());
    };
    let num = |t: &str| -> Option<u32> {
        (t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    // yyyy-mm-dd
    if a.len() == 4 {
        let (Some(y), Some(m), Some(d)) = (num(a), num(b), num(c)) else {
            return Err(fmt_err());
        };
        if b.len() > 2 || c.len() > 2 {
            return Err(fmt_err());
        }
        return make_date(y as i32, m, d);
    }
    let day = num(a).filter(|_| a.len() <= 2).ok_or_else(fmt_err)?;
    let month = match num(b) {
        Some(m) if b.len() <= 2 => m,
        Some(_) => return Err(fmt_err()),
        None if b.chars().all(char::is_alphabetic) => {
            month_from_name(b).ok_or_else(|| TanggalError::UnknownMonth(b.to_string()))?
        }
        None => return Err(fmt_err()),
    };
    let year = num(c).ok_or_else(fmt_err)?;
    match c.len() {
        4 => make_date(year as i32, month, day),
        2 => {
            make_date(2000 + year as i32, month, day)?;
            resolve_two_digit_year(year, month, day, reference).ok_or(TanggalError::NoSuchDate {
                day,
                month,
                year: year as i32,
            })
        }
        _ => Err(fmt_err()),
    }
}

fn make_date(year: i32, month: u32, day: u32) -> Result<NaiveDate, TanggalError> {
    if !(1800..=2200).contains(&year) {
        return Err(TanggalError::YearOutOfRange(year));
    }
    if !(1..=12).contains(&month) {
        return Err(TanggalError::InvalidMonth(month));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(TanggalError::NoSuchDate { day, month, year })
}

/// Drop a trailing time (`27/07/2020 00:00:00`, `2020-07-27T08:00:00`) copied from a
/// spreadsheet or a system export.
fn strip_time(s: &str) -> &str {
    let cut = |i: usize| {
        let rest = &s[i + 1..];
        let looks_like_time = rest.len() >= 4
            && rest.contains(':')
            && rest
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+' | '-'));
        looks_like_time.then(|| s[..i].trim_end())
    };
    if let Some(i) = s.find('T').filter(|&i| i == 10)
        && let Some(d) = cut(i)
    {
        return d;
    }
    match s.rfind(' ') {
        Some(i) => cut(i).unwrap_or(s),
        None => s,
    }
}

/// Day 0 of the Excel 1900 date system once its fictitious 29/02/1900 is skipped.
fn excel_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or(NaiveDate::MIN)
}

/// Excel (1900 date system) serial day number to a date: `44039` → 2020-07-27.
/// A fractional part (time of day) is ignored. Serial 60 is Excel's non-existent
/// 29/02/1900 and is rejected; the valid range is 1 (01/01/1900) to 2958465 (31/12/9999).
pub fn from_excel_serial(serial: f64) -> Result<NaiveDate, TanggalError> {
    let err = || TanggalError::ExcelSerialOutOfRange(serial.to_string());
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Err(err());
    }
    let days = serial.floor() as u64;
    let days = match days {
        60 => return Err(err()),
        1..=59 => days + 1,
        _ => days,
    };
    excel_epoch()
        .checked_add_days(Days::new(days))
        .ok_or_else(err)
}

/// Date to its Excel serial day number (inverse of [`from_excel_serial`] from 01/03/1900 on).
pub fn to_excel_serial(date: NaiveDate) -> i64 {
    let days = (date - excel_epoch()).num_days();
    if days <= 60 { days - 1 } else { days }
}

/// The date a founding year written alone stands for: 31 December of that year. A business
/// "founded in 2024" is at least that old, so its age is never overstated when a rule asks for
/// "usaha berjalan paling sedikit N bulan". The web screening and `berdaya screen` both use it.
pub fn founding_year_date(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

/// `27/07/2020`.
pub fn fmt_dmy(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// `27 Juli 2020`.
pub fn fmt_panjang(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// Split a "Tempat/Tgl Lahir" (TTL) value into place and date:
/// `"Bontang, 12-05-1980"`, `"BONTANG 12 Mei 1980"`, `"Kota Baru / 1/2/85"`.
/// The place is returned trimmed, as written. The date is the first run of text starting
/// with a digit that parses as a whole.
pub fn split_ttl(input: &str, reference: NaiveDate) -> Result<(String, NaiveDate), TanggalError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(TanggalError::Empty);
    }
    let mut prev_digit = false;
    let mut first_error = None;
    for (i, c) in s.char_indices() {
        let is_digit = c.is_ascii_digit();
        if is_digit && !prev_digit {
            match parse_date(&s[i..], reference) {
                Ok(date) => {
                    let place = s[..i].trim_end_matches(|c: char| {
                        c.is_whitespace() || matches!(c, ',' | '/' | '-' | ';' | ':')
                    });
                    if place.trim().is_empty() {
                        return Err(TanggalError::MissingPlace);
                    }
                    return Ok((place.trim().to_string(), date));
                }
                Err(e) => {
                    first_error.get_or_insert(e);
                }
            }
        }
        prev_digit = is_digit;
    }
    // A date-like part that is wrong (31-02-1980) says more than "no date found".
    Err(first_error.unwrap_or(TanggalError::MissingDate))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_founding_year_alone_is_its_last_day() {
        assert_eq!(founding_year_date(2024), Some(d(2024, 12, 31)));
        assert_eq!(founding_year_date(2000), Some(d(2000, 12, 31)));
    }
    fn today() -> NaiveDate {
        d(2026, 11, 15)
    }
    fn p(s: &str) -> Result<NaiveDate, TanggalError> {
        parse_date(s, today())
    }

    #[test]
    fn numeric_formats() {
        for s in [
            "27/07/2020",
            "27-07-2020",
            "27.07.2020",
            "2020-07-27",
            "27/7/2020",
            "27/07/20",
            " 27/7/20 ",
        ] {
            assert_eq!(p(s), Ok(d(2020, 7, 27)), "{s}");
        }
        assert_eq!(p("27/07/2020 00:00:00"), Ok(d(2020, 7, 27)));
        assert_eq!(p("2020-07-27T08:30:00Z"), Ok(d(2020, 7, 27)));
        assert_eq!(p("5/1/2021"), Ok(d(2021, 1, 5)));
    }

    #[test]
    fn month_names() {
        for s in [
            "27 Juli 2020",
            "27 Jul 2020",
            "27-Juli-2020",
            "27 JULI 2020",
            "27 jul. 2020",
            "27 July 2020",
        ] {
            assert_eq!(p(s), Ok(d(2020, 7, 27)), "{s}");
        }
        assert_eq!(p("17-Agustus-1945"), Ok(d(1945, 8, 17)));
        assert_eq!(p("17 Agt 1945"), Ok(d(1945, 8, 17)));
        assert_eq!(p("17 Agu 1945"), Ok(d(1945, 8, 17)));
        assert_eq!(p("10 Nop 2020"), Ok(d(2020, 11, 10)));
        assert_eq!(p("10 Nopember 2020"), Ok(d(2020, 11, 10)));
        assert_eq!(p("25 Des 2020"), Ok(d(2020, 12, 25)));
        assert_eq!(p("2 Peb 1990"), Ok(d(1990, 2, 2)));
        assert_eq!(p("1 Mei 80"), Ok(d(1980, 5, 1)));
    }

    #[test]
    fn two_digit_year_never_in_future() {
        assert_eq!(p("12/05/80"), Ok(d(1980, 5, 12)));
        assert_eq!(p("15/11/26"), Ok(d(2026, 11, 15)));
        assert_eq!(p("16/11/26"), Ok(d(1926, 11, 16)));
        assert_eq!(p("29/02/00"), Ok(d(2000, 2, 29)));
        assert_eq!(
            resolve_two_digit_year(0, 2, 29, d(1999, 1, 1)),
            Some(d(1600, 2, 29))
        );
        assert_eq!(resolve_two_digit_year(1, 4, 31, today()), None);
    }

    #[test]
    fn rejects_bad_dates() {
        assert_eq!(p(""), Err(TanggalError::Empty));
        assert_eq!(
            p("31/02/2020"),
            Err(TanggalError::NoSuchDate {
                day: 31,
                month: 2,
                year: 2020
            })
        );
        assert_eq!(
            p("29/02/2021"),
            Err(TanggalError::NoSuchDate {
                day: 29,
                month: 2,
                year: 2021
            })
        );
        assert_eq!(p("07/27/2020"), Err(TanggalError::InvalidMonth(27)));
        assert_eq!(
            p("27 Juluk 2020"),
            Err(TanggalError::UnknownMonth("Juluk".into()))
        );
        assert!(matches!(p("27/07"), Err(TanggalError::Format(_))));
        assert!(matches!(p("27/07/202"), Err(TanggalError::Format(_))));
        assert!(matches!(p("besok"), Err(TanggalError::Format(_))));
        assert!(matches!(p("2020-7-270"), Err(TanggalError::Format(_))));
        assert!(p("31/02/20").is_err());
        assert_eq!(p("01/01/0202"), Err(TanggalError::YearOutOfRange(202)));
        assert_eq!(p("0202-01-01"), Err(TanggalError::YearOutOfRange(202)));
        assert_eq!(
            p("31/02/2020").unwrap_err().to_string(),
            "tanggal 31/02/2020 tidak ada di kalender"
        );
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(44039.0), Ok(d(2020, 7, 27)));
        assert_eq!(from_excel_serial(44039.75), Ok(d(2020, 7, 27)));
        assert_eq!(from_excel_serial(1.0), Ok(d(1900, 1, 1)));
        assert_eq!(from_excel_serial(59.0), Ok(d(1900, 2, 28)));
        assert_eq!(from_excel_serial(61.0), Ok(d(1900, 3, 1)));
        assert_eq!(from_excel_serial(2_958_465.0), Ok(d(9999, 12, 31)));
        assert!(from_excel_serial(60.0).is_err());
        assert!(from_excel_serial(0.0).is_err());
        assert!(from_excel_serial(f64::NAN).is_err());
        assert!(from_excel_serial(3e6).is_err());
        assert_eq!(to_excel_serial(d(2020, 7, 27)), 44039);
        assert_eq!(to_excel_serial(d(1900, 1, 1)), 1);
    }

    #[test]
    fn formats() {
        assert_eq!(fmt_dmy(d(2020, 7, 27)), "27/07/2020");
        assert_eq!(fmt_panjang(d(2020, 7, 27)), "27 Juli 2020");
        assert_eq!(fmt_panjang(d(2020, 8, 1)), "1 Agustus 2020");
        assert_eq!(month_name(13), "");
        assert_eq!(month_name(0), "");
    }

    #[test]
    fn ttl_split() {
        let r = today();
        assert_eq!(
            split_ttl("Bontang, 12-05-1980", r),
            Ok(("Bontang".into(), d(1980, 5, 12)))
        );
        assert_eq!(
            split_ttl("BONTANG 12 Mei 1980", r),
            Ok(("BONTANG".into(), d(1980, 5, 12)))
        );
        assert_eq!(
            split_ttl("Kota Baru / 1/2/85", r),
            Ok(("Kota Baru".into(), d(1985, 2, 1)))
        );
        assert_eq!(
            split_ttl("Tanjung Redeb,1 Januari 1990", r),
            Ok(("Tanjung Redeb".into(), d(1990, 1, 1)))
        );
        assert_eq!(split_ttl("12-05-1980", r), Err(TanggalError::MissingPlace));
        assert_eq!(split_ttl("Bontang", r), Err(TanggalError::MissingDate));
        assert_eq!(
            split_ttl("Bontang, 31-02-1980", r),
            Err(TanggalError::NoSuchDate {
                day: 31,
                month: 2,
                year: 1980
            })
        );
        assert_eq!(split_ttl("  ", r), Err(TanggalError::Empty));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (1900i32..=2100, 1u32..=12, 1u32..=31).prop_filter_map("valid date", |(y, m, day)| {
            NaiveDate::from_ymd_opt(y, m, day)
        })
    }

    proptest! {
        #[test]
        fn formatted_dates_parse_back(date in any_date()) {
            prop_assert_eq!(p(&fmt_dmy(date)), Ok(date));
            prop_assert_eq!(p(&fmt_panjang(date)), Ok(date));
            prop_assert_eq!(p(&date.format("%Y-%m-%d").to_string()), Ok(date));
            prop_assert_eq!(from_excel_serial(to_excel_serial(date) as f64), Ok(date));
        }

        #[test]
        fn ttl_roundtrip(place in "[A-Z][a-z]{2,10}( [A-Z][a-z]{2,8})?", date in any_date()) {
            let s = format!("{place}, {}", fmt_panjang(date));
            prop_assert_eq!(split_ttl(&s, today()), Ok((place, date)));
        }

        #[test]
        fn two_digit_years_are_not_in_future(date in any_date()) {
            let s = date.format("%d/%m/%y").to_string();
            if let Ok(got) = p(&s) {
                prop_assert!(got <= today());
                prop_assert_eq!(got.year() % 100, date.year() % 100);
            }
        }

        #[test]
        fn parse_never_panics(s in "\\PC{0,30}") {
            let _ = p(&s);
            let _ = split_ttl(&s, today());
        }
    }
}
