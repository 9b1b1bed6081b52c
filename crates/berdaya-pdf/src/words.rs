//! Indonesian dates and numbers in the forms official documents use: date ranges
//! (`27–29 Juli 2020`), day names (`Senin`), numbers in words (`dua puluh tujuh`) and a
//! date written out in words for a berita acara.

use berdaya_core::tanggal::{fmt_panjang, month_name};
use chrono::{Datelike, NaiveDate, Weekday};

/// A date range as written on certificates and letters:
/// `27 Juli 2020` (one day), `27–29 Juli 2020`, `30 Juli – 2 Agustus 2020`,
/// `30 Desember 2020 – 2 Januari 2021`. A reversed range is printed in order.
pub fn date_range(start: NaiveDate, end: NaiveDate) -> String {
    let (a, b) = if end < start {
        (end, start)
    } else {
        (start, end)
    };
    if a == b {
        fmt_panjang(a)
    } else if a.year() != b.year() {
        format!("{} – {}", fmt_panjang(a), fmt_panjang(b))
    } else if a.month() != b.month() {
        format!("{} {} – {}", a.day(), month_name(a.month()), fmt_panjang(b))
    } else {
        format!("{}–{}", a.day(), fmt_panjang(b))
    }
}

/// Indonesian day name: `Senin` … `Minggu`.
pub fn day_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

const UNITS: [&str; 12] = [
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
];

/// A number in Indonesian words (terbilang), lower case:
/// `27` → `dua puluh tujuh`, `2020` → `dua ribu dua puluh`, `1500000` → `satu juta lima ratus ribu`.
pub fn number_words(n: u64) -> String {
    if n == 0 {
        return UNITS[0].to_string();
    }
    let mut out = Vec::new();
    push_words(n, &mut out);
    out.join(" ")
}

fn push_words(n: u64, out: &mut Vec<String>) {
    const SCALES: [(u64, &str); 5] = [
        (1_000_000_000_000_000, "biliar"),
        (1_000_000_000_000, "triliun"),
        (1_000_000_000, "miliar"),
        (1_000_000, "juta"),
        (1_000, "ribu"),
    ];
    for (scale, name) in SCALES {
        if n >= scale {
            let head = n / scale;
            if scale == 1_000 && head == 1 {
                out.push("seribu".into());
            } else {
                push_words(head, out);
                out.push(name.into());
            }
            let rest = n % scale;
            if rest > 0 {
                push_words(rest, out);
            }
            return;
        }
    }
    // n < 1000
    let hundreds = n / 100;
    let rest = n % 100;
    match hundreds {
        0 => {}
        1 => out.push("seratus".into()),
        h => out.push(format!("{} ratus", UNITS[h as usize])),
    }
    match rest {
        0 => {}
        1..=11 => out.push(UNITS[rest as usize].into()),
        12..=19 => out.push(format!("{} belas", UNITS[(rest - 10) as usize])),
        _ => {
            out.push(format!("{} puluh", UNITS[(rest / 10) as usize]));
            if !rest.is_multiple_of(10) {
                out.push(UNITS[(rest % 10) as usize].into());
            }
        }
    }
}

/// The opening of a berita acara: `Pada hari ini Senin tanggal dua puluh enam bulan
/// Agustus tahun dua ribu dua puluh empat (26-08-2024)`.
pub fn date_in_words(date: NaiveDate) -> String {
    format!(
        "Pada hari ini {} tanggal {} bulan {} tahun {} ({:02}-{:02}-{})",
        day_name(date),
        number_words(u64::from(date.day())),
        month_name(date.month()),
        number_words(date.year().unsigned_abs().into()),
        date.day(),
        date.month(),
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges() {
        assert_eq!(
            date_range(d(2020, 7, 27), d(2020, 7, 29)),
            "27–29 Juli 2020"
        );
        assert_eq!(date_range(d(2020, 7, 27), d(2020, 7, 27)), "27 Juli 2020");
        assert_eq!(
            date_range(d(2020, 7, 30), d(2020, 8, 2)),
            "30 Juli – 2 Agustus 2020"
        );
        assert_eq!(
            date_range(d(2020, 12, 30), d(2021, 1, 2)),
            "30 Desember 2020 – 2 Januari 2021"
        );
        assert_eq!(
            date_range(d(2020, 7, 29), d(2020, 7, 27)),
            "27–29 Juli 2020"
        );
    }

    #[test]
    fn words() {
        let cases = [
            (0, "nol"),
            (1, "satu"),
            (10, "sepuluh"),
            (11, "sebelas"),
            (12, "dua belas"),
            (19, "sembilan belas"),
            (20, "dua puluh"),
            (27, "dua puluh tujuh"),
            (100, "seratus"),
            (111, "seratus sebelas"),
            (245, "dua ratus empat puluh lima"),
            (1000, "seribu"),
            (1001, "seribu satu"),
            (2020, "dua ribu dua puluh"),
            (2024, "dua ribu dua puluh empat"),
            (11_000, "sebelas ribu"),
            (100_000, "seratus ribu"),
            (1_500_000, "satu juta lima ratus ribu"),
            (2_400_000, "dua juta empat ratus ribu"),
            (1_000_000_000, "satu miliar"),
        ];
        for (n, w) in cases {
            assert_eq!(number_words(n), w, "{n}");
        }
    }

    #[test]
    fn berita_acara_opening() {
        // 26 August 2024 was a Monday.
        assert_eq!(
            date_in_words(d(2024, 8, 26)),
            "Pada hari ini Senin tanggal dua puluh enam bulan Agustus tahun dua ribu dua puluh empat (26-08-2024)"
        );
        assert_eq!(day_name(d(2020, 7, 27)), "Senin");
        assert_eq!(day_name(d(2026, 11, 22)), "Minggu");
    }
}
