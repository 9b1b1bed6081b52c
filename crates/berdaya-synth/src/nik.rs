//! NIKs that parse and are unique: `PPKKCC DDMMYY SSSS` with the kecamatan of issue, the
//! birth date (+40 on the day for women) and a serial unique per (kecamatan, date, sex).
//!
//! Uniqueness without remembering every NIK: people are counted per (kecamatan, birth year,
//! sex) bucket; the c-th person of a bucket gets day-of-year `(a·c + b) mod days` (a keyed
//! affine permutation, so dates spread over the year) and serial `1 + c / days`. Memory is
//! one counter per bucket whatever the number of rows. Allocated serials stay below 1000;
//! serials 1000–9999 are left free for planted "same person, other NIK" and typo cases,
//! which therefore never collide with a real allocation.

use crate::rng::{Rng, Weighted, mix64};

pub const FIRST_YEAR: i32 = 1955;
pub const LAST_YEAR: i32 = 2006;
const YEARS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize;
const MAX_SERIAL: u32 = 999;

/// A calendar date (kept small and free of chrono in the hot path).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ymd {
    pub y: i32,
    pub m: u8,
    pub d: u8,
}

pub fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Ymd {
    pub fn from_day_of_year(y: i32, mut doy: u32) -> Ymd {
        let mut m = 1u8;
        loop {
            let n = u32::from(days_in_month(y, m));
            if doy < n || m == 12 {
                return Ymd {
                    y,
                    m,
                    d: (doy + 1).min(n) as u8,
                };
            }
            doy -= n;
            m += 1;
        }
    }

    /// A uniformly random date in `from..=to` years.
    pub fn random(rng: &mut Rng, from: i32, to: i32) -> Ymd {
        let y = rng.range(from as u64, to as u64) as i32;
        let days = if is_leap(y) { 366 } else { 365 };
        Ymd::from_day_of_year(y, rng.below(days) as u32)
    }
}

/// Age profile of business owners: few under 25 or over 60, most between 30 and 55.
fn year_weight(y: i32) -> u64 {
    match 2025 - y {
        ..=24 => 4,
        25..=29 => 7,
        30..=34 => 9,
        35..=44 => 10,
        45..=49 => 9,
        50..=54 => 8,
        55..=59 => 6,
        60..=64 => 4,
        _ => 2,
    }
}

/// Multipliers coprime with both 365 (5·73) and 366 (2·3·61).
const MULTIPLIERS: [u32; 12] = [7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47];

/// Hands out unique NIKs for the kecamatan of one region.
#[derive(Debug, Clone)]
pub struct NikAllocator {
    years: Weighted,
    counters: Vec<u32>,
    salt: u64,
}

/// One allocated identity: the NIK digits and the birth date they encode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub nik: [u8; 16],
    pub birth: Ymd,
    pub female: bool,
}

fn put2(out: &mut [u8], v: u32) {
    out[0] = b'0' + (v / 10 % 10) as u8;
    out[1] = b'0' + (v % 10) as u8;
}

pub fn nik_digits(kec: &[u8; 6], birth: Ymd, female: bool, serial: u32) -> [u8; 16] {
    let mut n = [b'0'; 16];
    n[..6].copy_from_slice(kec);
    put2(
        &mut n[6..8],
        u32::from(birth.d) + if female { 40 } else { 0 },
    );
    put2(&mut n[8..10], u32::from(birth.m));
    put2(&mut n[10..12], (birth.y % 100) as u32);
    put2(&mut n[12..14], serial / 100);
    put2(&mut n[14..16], serial % 100);
    n
}

impl NikAllocator {
    pub fn new(kecamatan_count: usize, seed: u64) -> Self {
        NikAllocator {
            years: Weighted::new((FIRST_YEAR..=LAST_YEAR).map(year_weight)),
            counters: vec![0; kecamatan_count * YEARS * 2],
            salt: mix64(seed ^ 0x4E1C),
        }
    }

    /// A birth year index drawn from the owners' age profile.
    pub fn pick_year(&self, rng: &mut Rng) -> usize {
        self.years.pick(rng)
    }

    /// A new NIK for someone born in year index `year` (0 = 1955) whose NIK was issued in
    /// kecamatan `kec` (index and its six digits). `None` only if every bucket of that
    /// kecamatan is full (more than 36 million people of one sex).
    pub fn issue(
        &mut self,
        kec: usize,
        kec_digits: &[u8; 6],
        female: bool,
        year: usize,
    ) -> Option<Issued> {
        for step in 0..YEARS {
            let yi = (year + step) % YEARS;
            let bucket = (kec * YEARS + yi) * 2 + usize::from(female);
            let c = self.counters[bucket];
            let y = FIRST_YEAR + yi as i32;
            let days = if is_leap(y) { 366 } else { 365 };
            let serial = 1 + c / days;
            if serial > MAX_SERIAL {
                continue;
            }
            self.counters[bucket] = c + 1;
            let h = mix64(self.salt ^ bucket as u64);
            let a = MULTIPLIERS[(h % MULTIPLIERS.len() as u64) as usize];
            let b = ((h >> 32) % u64::from(days)) as u32;
            let doy =
                ((u64::from(a) * u64::from(c % days) + u64::from(b)) % u64::from(days)) as u32;
            let birth = Ymd::from_day_of_year(y, doy);
            return Some(Issued {
                nik: nik_digits(kec_digits, birth, female, serial),
                birth,
                female,
            });
        }
        None
    }
}

/// The same NIK with its serial's thousands digit set to `digit` (1–9): a valid NIK that
/// no allocation ever produces (allocated serials are < 1000).
pub fn shifted_serial(nik: &[u8; 16], digit: u8) -> [u8; 16] {
    let mut n = *nik;
    n[12] = b'0' + digit.clamp(1, 9);
    n
}

/// A 16-digit KK number: kecamatan, issue date (ddmmyy), serial.
pub fn kk_number(rng: &mut Rng, kec: &[u8; 6], out: &mut Vec<u8>) {
    out.extend_from_slice(kec);
    let d = Ymd::random(rng, 2000, 2024);
    let mut tail = [b'0'; 10];
    put2(&mut tail[0..2], u32::from(d.d));
    put2(&mut tail[2..4], u32::from(d.m));
    put2(&mut tail[4..6], (d.y % 100) as u32);
    let serial = rng.range(1, 9999) as u32;
    put2(&mut tail[6..8], serial / 100);
    put2(&mut tail[8..10], serial % 100);
    out.extend_from_slice(&tail);
}

/// A NIK as it appears broken in real sheets; every form fails `Nik::parse`.
/// Returns the text and a short tag for the truth file.
pub fn broken_nik(rng: &mut Rng, nik: &[u8; 16]) -> (String, &'static str) {
    let s = String::from_utf8_lossy(nik).into_owned();
    match rng.below(8) {
        0 => {
            let cut = 6 + rng.below(10) as usize;
            (format!("{}{}", &s[..cut], &s[cut + 1..]), "nik_15_digit")
        }
        1 => (format!("{s}{}", rng.below(10)), "nik_17_digit"),
        2 => (format!("{}0000", &s[..12]), "nik_serial_0000"),
        3 => (
            format!(
                "{}{}{}",
                &s[..6],
                rng.pick(&["00", "32", "38", "72", "80"]),
                &s[8..]
            ),
            "nik_bad_day",
        ),
        4 => (
            format!("{}{}{}", &s[..8], rng.pick(&["00", "13", "19"]), &s[10..]),
            "nik_bad_month",
        ),
        5 => (format!("{}.{}E+15", &s[..1], &s[1..15]), "nik_scientific"),
        6 => {
            // Letter O typed for a zero (or I for a one) somewhere in the date/serial part.
            let pos = 6 + rng.below(10) as usize;
            let c = if nik[pos] == b'1' { 'I' } else { 'O' };
            (format!("{}{c}{}", &s[..pos], &s[pos + 1..]), "nik_letter")
        }
        _ => (format!("{}3102{}", &s[..6], &s[10..]), "nik_no_such_date"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn issued_niks_are_unique_and_encode_the_birth_date() {
        let kecs = [*b"647401", *b"647402"];
        let mut a = NikAllocator::new(2, 1);
        let mut rng = Rng::new(2);
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let k = i % 2;
            let female = rng.chance(0.5);
            let year = a.pick_year(&mut rng);
            let got = a.issue(k, &kecs[k], female, year).expect("space");
            assert!(seen.insert(got.nik), "duplicate NIK");
            let nik = berdaya_core::Nik::parse(std::str::from_utf8(&got.nik).expect("ascii"))
                .expect("valid");
            assert_eq!(nik.birth_day(), u32::from(got.birth.d));
            assert_eq!(nik.birth_month(), u32::from(got.birth.m));
            assert_eq!(nik.sex() == berdaya_core::JenisKelamin::Perempuan, female);
            assert!(nik.serial() < 1000);
        }
    }

    #[test]
    fn broken_niks_never_parse() {
        let mut rng = Rng::new(5);
        let nik = *b"6474014507850003";
        for _ in 0..500 {
            let (s, _) = broken_nik(&mut rng, &nik);
            assert!(berdaya_core::Nik::parse(&s).is_err(), "{s}");
        }
    }
}
