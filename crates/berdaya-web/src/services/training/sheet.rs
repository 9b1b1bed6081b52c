//! Reading the typed version of a scanned sign-in sheet (daftar hadir): a row per person
//! (NIK or name), a column per session or day ("Hari 1", "Sesi 2", "27/07/2020"), cells like
//! "hadir", "H", "v", "✓", "1" (present) or "x", "-", "tidak", "izin", "sakit" (absent).
//! Pure matching against a batch's sessions and participants; nothing is written here.

use std::collections::HashMap;

use berdaya_core::mask::mask_middle;
use berdaya_core::tanggal::{fmt_dmy, parse_date};
use berdaya_core::teks::search_key;
use berdaya_store::training::batches::Session;
use berdaya_store::training::participants::ParticipantRow;
use berdaya_store::training::rules;
use berdaya_tabular::{Field, RawRow, propose_mapping};
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

/// What a cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Present,
    Absent,
    /// Absent with a reason (izin, sakit): counted apart in the preview.
    Excused,
}

/// `None`: not understood. `Some(None)`: blank (leaves the saved value alone).
pub fn read_mark(v: &str) -> Option<Option<Mark>> {
    let t = v.trim().to_lowercase();
    let t = t.trim_end_matches('.');
    Some(Some(match t {
        "" => return Some(None),
        "hadir" | "h" | "v" | "√" | "✓" | "✔" | "☑" | "1" | "ya" | "y" | "ok" | "hdr" => Mark::Present,
        "x" | "✗" | "✘" | "-" | "–" | "—" | "0" | "tidak" | "tidak hadir" | "tdk" | "tdk hadir" | "t" | "th" | "a" | "alpa" | "alpha"
        | "absen" | "mangkir" => Mark::Absent,
        "izin" | "ijin" | "i" | "sakit" | "s" | "cuti" => Mark::Excused,
        _ => return None,
    }))
}

/// How a column header was read.
#[derive(Debug, Clone)]
pub struct ColumnRead {
    pub index: usize,
    pub header: String,
    pub session: Option<Uuid>,
    /// The session as shown ("Hari 1 — 27/07/2020"), or why the column is not used.
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct RowRead {
    pub row: u64,
    pub participant_id: Uuid,
    pub nama: String,
    /// How the row was matched, when not by NIK or exact name ("nama mirip: …").
    pub note: String,
    /// (session, mark) for every non-blank readable cell.
    pub marks: Vec<(Uuid, Mark)>,
}

/// A row, column or cell that is not used, with the reason in Bahasa.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub row: u64,
    pub what: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct SheetRead {
    pub rows: u64,
    pub columns: Vec<ColumnRead>,
    pub ignored_columns: Vec<ColumnRead>,
    pub matched: Vec<RowRead>,
    pub unmatched_rows: Vec<Skipped>,
    pub bad_cells: Vec<Skipped>,
}

const ROMAN: [&str; 10] = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];

/// "Hari 1", "Hari ke-2", "Sesi III", "Pertemuan 4", "Day 5" → (is a day, number).
fn numbered(header: &str) -> Option<(bool, usize)> {
    let key = search_key(header);
    let words: Vec<&str> = key.split(' ').collect();
    for (i, w) in words.iter().enumerate() {
        let day = match *w {
            "hari" | "day" | "hr" => true,
            "sesi" | "session" | "pertemuan" => false,
            _ => continue,
        };
        let mut j = i + 1;
        if words.get(j) == Some(&"ke") {
            j += 1;
        }
        let Some(n) = words.get(j) else { continue };
        let n = n.parse::<usize>().ok().or_else(|| ROMAN.iter().position(|r| r == n).map(|p| p + 1));
        if let Some(n) = n.filter(|n| *n >= 1) {
            return Some((day, n));
        }
    }
    None
}

/// A date anywhere in the header ("Senin, 27 Juli 2020", "27/07", "2020-07-27").
fn header_date(header: &str, year: i32, reference: NaiveDate) -> Option<NaiveDate> {
    let tokens: Vec<&str> = header.split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '.' | ',')).filter(|t| !t.is_empty()).collect();
    for w in tokens.windows(3) {
        if let Ok(d) = parse_date(&w.join(" "), reference) {
            return Some(d);
        }
    }
    for w in tokens.windows(2) {
        if let Ok(d) = parse_date(&format!("{} {} {year}", w[0], w[1]), reference) {
            return Some(d);
        }
    }
    None
}

/// Which session a header names, or why none.
fn session_of(header: &str, sessions: &[Session], reference: NaiveDate) -> Result<(Uuid, String), String> {
    let mut days: Vec<NaiveDate> = sessions.iter().map(|s| s.tanggal).collect();
    days.dedup();
    let on = |d: NaiveDate, what: &str| -> Result<(Uuid, String), String> {
        let at: Vec<&Session> = sessions.iter().filter(|s| s.tanggal == d).collect();
        match at.as_slice() {
            [] => Err(format!("tidak ada sesi pada {}", fmt_dmy(d))),
            [s] => Ok((s.id, format!("{what}{}", fmt_dmy(d)))),
            many => Err(format!("tanggal {} punya {} sesi; beri judul kolom Sesi 1, Sesi 2, …", fmt_dmy(d), many.len())),
        }
    };
    match numbered(header) {
        Some((true, n)) => match days.get(n - 1) {
            Some(d) => on(*d, &format!("hari ke-{n}, ")),
            None => Err(format!("angkatan ini hanya {} hari", days.len())),
        },
        Some((false, n)) => match sessions.get(n - 1) {
            Some(s) => Ok((s.id, format!("sesi ke-{n}, {}", fmt_dmy(s.tanggal)))),
            None => Err(format!("angkatan ini hanya {} sesi", sessions.len())),
        },
        None => {
            let year = sessions.first().map(|s| s.tanggal.year()).unwrap_or(reference.year());
            match header_date(header, year, reference) {
                Some(d) => on(d, ""),
                None => Err("bukan kolom kehadiran (judulnya tidak memuat Hari/Sesi/tanggal)".into()),
            }
        }
    }
}

fn status_reason(p: &ParticipantRow) -> String {
    match p.status.as_str() {
        rules::WAITLIST => format!("{} masih cadangan, bukan peserta terpilih", p.nama),
        rules::WITHDRAWN => format!("{} sudah mundur", p.nama),
        _ => String::new(),
    }
}

/// Read the sheet's rows against the batch (`sessions` in order, everyone in the batch).
pub fn read(header: &[String], rows: impl IntoIterator<Item = RawRow>, sessions: &[Session], people: &[ParticipantRow], reference: NaiveDate) -> SheetRead {
    let mut out = SheetRead::default();
    let mapping = propose_mapping(header);
    let col_of = |f: Field| mapping.columns.iter().find(|c| c.field == Some(f)).map(|c| c.index);
    let (nik_col, name_col) = (col_of(Field::Nik), col_of(Field::Nama));
    let mut taken: HashMap<Uuid, String> = HashMap::new();
    for (index, h) in header.iter().enumerate() {
        if Some(index) == nik_col || Some(index) == name_col {
            continue;
        }
        let mut c = ColumnRead { index, header: h.clone(), session: None, note: String::new() };
        match session_of(h, sessions, reference) {
            Ok((id, label)) => match taken.get(&id) {
                Some(other) => c.note = format!("sesi ini sudah dibaca dari kolom \"{other}\""),
                None => {
                    taken.insert(id, h.clone());
                    c.session = Some(id);
                    c.note = label;
                }
            },
            Err(reason) => c.note = reason,
        }
        if c.session.is_some() { out.columns.push(c) } else if !h.trim().is_empty() { out.ignored_columns.push(c) }
    }
    let by_nik: HashMap<&str, &ParticipantRow> = people.iter().map(|p| (p.nik.as_str(), p)).collect();
    let keys: Vec<(String, &ParticipantRow)> = people.iter().map(|p| (search_key(&p.nama), p)).collect();
    let mut seen: HashMap<Uuid, u64> = HashMap::new();
    for r in rows {
        out.rows += 1;
        let nik: String = nik_col.map(|c| r.cell(c)).unwrap_or("").chars().filter(char::is_ascii_digit).collect();
        let name = name_col.map(|c| r.cell(c).trim()).unwrap_or("");
        let what = match (nik.is_empty(), name.is_empty()) {
            (true, true) => "(tanpa NIK dan nama)".to_string(),
            (true, false) => name.to_string(),
            (false, _) => format!("{} {}", mask_middle(&nik, 4, 2), name).trim().to_string(),
        };
        let skip = |out: &mut SheetRead, reason: String| out.unmatched_rows.push(Skipped { row: r.number, what: what.clone(), reason });
        let (found, note) = match match_row(&nik, name, &by_nik, &keys) {
            Ok(x) => x,
            Err(reason) => {
                skip(&mut out, reason);
                continue;
            }
        };
        if found.status != rules::SELECTED {
            skip(&mut out, status_reason(found));
            continue;
        }
        if let Some(first) = seen.get(&found.id) {
            skip(&mut out, format!("{} sudah dibaca di baris {first}", found.nama));
            continue;
        }
        seen.insert(found.id, r.number);
        let mut marks = Vec::new();
        for c in &out.columns {
            let v = r.cell(c.index);
            match (read_mark(v), c.session) {
                (Some(Some(m)), Some(s)) => marks.push((s, m)),
                (Some(None), _) | (_, None) => {}
                (None, _) => out.bad_cells.push(Skipped { row: r.number, what: format!("{} — kolom \"{}\": \"{v}\"", found.nama, c.header), reason: "isi tidak dikenali (pakai hadir/H/v/✓/1 atau x/-/tidak/izin/sakit); sel ini tidak diubah".into() }),
            }
        }
        out.matched.push(RowRead { row: r.number, participant_id: found.id, nama: found.nama.clone(), note, marks });
    }
    out
}

/// The participant a row names: by NIK, else by exact name, else by a clearly closest name.
fn match_row<'a>(nik: &str, name: &str, by_nik: &HashMap<&str, &'a ParticipantRow>, keys: &[(String, &'a ParticipantRow)]) -> Result<(&'a ParticipantRow, String), String> {
    if let Some(p) = by_nik.get(nik) {
        return Ok((p, String::new()));
    }
    let nik_note = match nik.len() {
        0 => String::new(),
        16 => format!("NIK {} bukan peserta angkatan ini", mask_middle(nik, 4, 2)),
        _ => "NIK tidak 16 angka".to_string(),
    };
    let key = search_key(name);
    if key.is_empty() {
        return Err(if nik_note.is_empty() { "tidak ada NIK atau nama peserta".into() } else { nik_note });
    }
    let via = |how: &str| if nik_note.is_empty() { how.to_string() } else { format!("{nik_note}; {how}") };
    let exact: Vec<&ParticipantRow> = keys.iter().filter(|(k, _)| *k == key).map(|(_, p)| *p).collect();
    match exact.as_slice() {
        [p] => return Ok((p, if nik_note.is_empty() { String::new() } else { via("dicocokkan lewat nama") })),
        [_, _, ..] => return Err(format!("ada {} peserta bernama \"{name}\"; isi NIK-nya", exact.len())),
        [] => {}
    }
    let mut scored: Vec<(f64, &ParticipantRow)> = keys.iter().map(|(k, p)| (strsim::jaro_winkler(k, &key), *p)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [(best, p), rest @ ..] if *best >= 0.92 && rest.first().is_none_or(|(second, _)| best - second >= 0.03) => Ok((p, via(&format!("nama mirip dengan \"{}\"", p.nama)))),
        _ => Err(if nik_note.is_empty() { format!("nama \"{name}\" tidak cocok dengan peserta angkatan ini") } else { format!("{nik_note}; nama juga tidak cocok") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_read_as_sign_in_sheets_are_typed() {
        for v in ["hadir", "H", "v", "✓", "1", " Hadir. ", "√"] {
            assert_eq!(read_mark(v), Some(Some(Mark::Present)), "{v}");
        }
        for v in ["x", "-", "tidak", "Tidak Hadir", "0", "A"] {
            assert_eq!(read_mark(v), Some(Some(Mark::Absent)), "{v}");
        }
        for v in ["izin", "Sakit", "S"] {
            assert_eq!(read_mark(v), Some(Some(Mark::Excused)), "{v}");
        }
        assert_eq!(read_mark("  "), Some(None));
        assert_eq!(read_mark("terlambat"), None);
    }

    #[test]
    fn headers_name_days_sessions_or_dates() {
        assert_eq!(numbered("Hari 1"), Some((true, 1)));
        assert_eq!(numbered("Kehadiran Hari ke-3"), Some((true, 3)));
        assert_eq!(numbered("Sesi II"), Some((false, 2)));
        assert_eq!(numbered("Pertemuan 4"), Some((false, 4)));
        assert_eq!(numbered("Tanda Tangan"), None);
        let r = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let d = NaiveDate::from_ymd_opt(2020, 7, 27);
        assert_eq!(header_date("27/07/2020", 2020, r), d);
        assert_eq!(header_date("Senin, 27 Juli 2020", 2020, r), d);
        assert_eq!(header_date("27/7", 2020, r), d);
        assert_eq!(header_date("2020-07-27", 2020, r), d);
        assert_eq!(header_date("No", 2020, r), None);
    }
}
