//! Planted duplicates and errors.

use super::{F_HP, F_MODAL, F_NAMA, F_NIK, F_OMZET, F_TGL, Gen};
use crate::contact;
use crate::names;
use crate::nik::{self, Ymd};
use crate::person::{Person, push_dmy};
use crate::rng::Rng;
use crate::row::Row;

impl Gen<'_> {
    pub(super) fn duplicate(&mut self) -> Option<(u64, u64, Row, &'static str, String)> {
        if self.reservoir.is_empty() {
            return None;
        }
        let s = &self.reservoir[self.rng.below(self.reservoir.len() as u64) as usize];
        let (pid, of, orig) = (s.person_id, s.row_no, s.row.clone());
        let rng = &mut self.rng;
        Some(match rng.below(3) {
            0 => {
                let (v, what) = names::spelling_variant(&orig.get_str(F_NAMA), rng);
                let detail = format!("{what}: {} -> {v}", orig.get_str(F_NAMA));
                (
                    pid,
                    of,
                    orig.with(F_NAMA, v.as_bytes()),
                    "dup_name_variant",
                    detail,
                )
            }
            1 => {
                let mut national = Vec::with_capacity(13);
                contact::mobile_digits(rng, &mut national);
                let mut shown = Vec::with_capacity(16);
                contact::format_phone(rng, &national, &mut shown);
                (pid, of, orig.with(F_HP, &shown), "dup_phone", String::new())
            }
            _ => {
                let mut n = [0u8; 16];
                n.copy_from_slice(&orig.get(F_NIK));
                let typo = nik::shifted_serial(&n, 1 + rng.below(9) as u8);
                let detail = format!("serial digit 13: {}", typo[12] as char);
                (pid, of, orig.with(F_NIK, &typo), "dup_nik_typo", detail)
            }
        })
    }

    pub(super) fn plant_error(&mut self, row: &Row, p: &Person) -> (Row, &'static str, String) {
        let rng = &mut self.rng;
        let mut pick = rng.below(5);
        if pick == 3 && row.get(F_MODAL).is_empty() {
            pick = 4; // no business: no money columns to garble
        }
        match pick {
            0 => {
                let (s, tag) = nik::broken_nik(rng, &p.nik);
                (row.with(F_NIK, s.as_bytes()), "bad_nik", tag.into())
            }
            1 => {
                let y = p.birth.y;
                let (d, m, tag) = match rng.below(5) {
                    0 => (31, 2, "31 Februari"),
                    1 => (30, 2, "30 Februari"),
                    2 if !nik::is_leap(y) => (29, 2, "29 Februari, bukan tahun kabisat"),
                    2 | 3 => (0, p.birth.m, "tanggal 00"),
                    _ => (p.birth.d, 13, "bulan 13"),
                };
                let mut v = Vec::new();
                push_dmy(&mut v, Ymd { y, m, d });
                (row.with(F_TGL, &v), "bad_date", tag.into())
            }
            2 => {
                let mut v = Vec::new();
                let tag = contact::garbage_phone(rng, &mut v);
                (row.with(F_HP, &v), "bad_phone", tag.into())
            }
            3 => {
                let field = if rng.chance(0.5) { F_MODAL } else { F_OMZET };
                let value: u64 = row.get_str(field).parse().unwrap_or(0);
                let text = money_text(rng, value);
                let label = if field == F_MODAL { "modal" } else { "omzet" };
                (
                    row.with(field, text.as_bytes()),
                    "money_text",
                    format!("{label} {value}"),
                )
            }
            _ => {
                let v: &[u8] = if rng.chance(0.7) { b"" } else { b"-" };
                (row.with(F_NAMA, v), "missing_name", String::new())
            }
        }
    }
}

/// An amount written the way people type it: `Rp 1,5 juta`, `750 rb`, `Rp 3.500.000,-`.
/// Always parses back to `value` with `Rupiah::parse`.
pub fn money_text(rng: &mut Rng, value: u64) -> String {
    let dotted = {
        let digits = value.to_string();
        let mut s = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                s.push('.');
            }
            s.push(c);
        }
        s
    };
    if value >= 1_000_000
        && value.is_multiple_of(100_000)
        && value < 1_000_000_000
        && rng.chance(0.6)
    {
        let whole = value / 1_000_000;
        let tenth = value / 100_000 % 10;
        let num = if tenth == 0 {
            whole.to_string()
        } else {
            format!("{whole},{tenth}")
        };
        return match rng.below(3) {
            0 => format!("Rp {num} juta"),
            1 => format!("{num} jt"),
            _ => format!("{num}jt"),
        };
    }
    if value < 1_000_000 && value.is_multiple_of(1000) && value > 0 && rng.chance(0.6) {
        return format!(
            "{} {}",
            value / 1000,
            if rng.chance(0.5) { "ribu" } else { "rb" }
        );
    }
    match rng.below(3) {
        0 => format!("Rp {dotted}"),
        1 => format!("Rp{dotted},-"),
        _ => format!("Rp. {dotted}"),
    }
}
