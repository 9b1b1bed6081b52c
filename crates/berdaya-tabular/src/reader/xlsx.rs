//! Rows of one worksheet of an XLSX/XLS workbook (via calamine, which loads the sheet).

use std::io::{Read, Seek};

use calamine::{Data, Dimensions, Range, Reader, SheetVisible, Sheets};

use super::csv::clean_cell;
use crate::error::{Result, TabularError};
use crate::row::{CellFlag, CellKind, RawRow};

/// 2^53: the largest whole number an f64 holds exactly.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// The rows of one worksheet, merged regions filled in.
pub struct SheetRows {
    range: Range<Data>,
    /// Merged regions sorted by first row.
    merges: Vec<Dimensions>,
    next_merge: usize,
    active: Vec<Dimensions>,
    /// Absolute 0-based index of the next row to yield.
    row: u32,
    first_row: u32,
    end_row: u32,
    end_col: u32,
    sheet: String,
}

/// Names of the worksheets, visible ones first in workbook order.
pub fn sheet_names<RS: Read + Seek>(book: &Sheets<RS>) -> Vec<String> {
    let meta = book.sheets_metadata();
    let visible = meta.iter().filter(|s| s.visible == SheetVisible::Visible);
    let hidden = meta.iter().filter(|s| s.visible != SheetVisible::Visible);
    visible.chain(hidden).map(|s| s.name.clone()).collect()
}

impl SheetRows {
    /// Load the named sheet (or the first visible sheet with data).
    pub fn open<RS: Read + Seek>(book: &mut Sheets<RS>, sheet: Option<&str>) -> Result<Self> {
        let name = match sheet {
            Some(name) => {
                if !book.sheet_names().iter().any(|n| n == name) {
                    return Err(TabularError::SheetNotFound(name.to_string()));
                }
                name.to_string()
            }
            None => first_sheet_with_data(book)?,
        };
        let range = book.worksheet_range(&name)?;
        let merges = match book {
            Sheets::Xlsx(x) => x
                .merge_cells_by_sheet_name(&name)
                .map_err(calamine::Error::Xlsx)?,
            Sheets::Xls(x) => x
                .merge_cells_by_sheet_name(&name)
                .map_err(calamine::Error::Xls)?,
            _ => Vec::new(),
        };
        Ok(SheetRows::from_range(name, range, merges))
    }

    pub fn from_range(sheet: String, range: Range<Data>, mut merges: Vec<Dimensions>) -> Self {
        merges.sort_by_key(|d| (d.start.0, d.start.1));
        let (first_row, end_row, end_col) = match (range.start(), range.end()) {
            (Some(s), Some(e)) => (s.0, e.0 + 1, e.1),
            _ => (0, 0, 0),
        };
        // A merged region may reach further right than the last cell with a value.
        let end_col = merges.iter().map(|d| d.end.1).fold(end_col, u32::max);
        SheetRows {
            range,
            merges,
            next_merge: 0,
            active: Vec::new(),
            row: first_row,
            first_row,
            end_row,
            end_col,
            sheet,
        }
    }

    pub fn sheet(&self) -> &str {
        &self.sheet
    }

    /// (rows read, rows in the sheet)
    pub fn progress(&self) -> (u64, u64) {
        let total = u64::from(self.end_row.saturating_sub(self.first_row));
        (u64::from(self.row.saturating_sub(self.first_row)), total)
    }

    fn value_at(&self, row: u32, col: u32) -> (String, Vec<CellKind>) {
        match self.range.get_value((row, col)) {
            Some(d) => data_to_text(d),
            None => (String::new(), Vec::new()),
        }
    }

    pub fn next_row(&mut self) -> Option<Result<RawRow>> {
        if self.row >= self.end_row {
            return None;
        }
        let r = self.row;
        self.row += 1;
        let width = self.end_col as usize + 1;
        let mut row = RawRow::new(u64::from(r) + 1, Vec::with_capacity(width));
        for c in 0..=self.end_col {
            let (text, kinds) = self.value_at(r, c);
            row.cells.push(text);
            for kind in kinds {
                row.flags.push(CellFlag {
                    col: c as usize,
                    kind,
                });
            }
        }
        self.fill_merges(r, &mut row);
        Some(Ok(row))
    }

    /// Copy the value of each merged region over the rest of its cells in this row.
    fn fill_merges(&mut self, r: u32, row: &mut RawRow) {
        while self.next_merge < self.merges.len() && self.merges[self.next_merge].start.0 <= r {
            self.active.push(self.merges[self.next_merge]);
            self.next_merge += 1;
        }
        self.active.retain(|d| d.end.0 >= r);
        for i in 0..self.active.len() {
            let d = self.active[i];
            let (value, _) = self.value_at(d.start.0, d.start.1);
            if value.is_empty() {
                continue;
            }
            for c in d.start.1..=d.end.1 {
                if (r, c) == d.start {
                    continue;
                }
                let col = c as usize;
                if col < row.cells.len() && row.cells[col].is_empty() {
                    row.cells[col] = value.clone();
                    let origin = (u64::from(d.start.0) + 1, d.start.1 as usize);
                    row.flags.push(CellFlag {
                        col,
                        kind: CellKind::MergedFrom {
                            row: origin.0,
                            col: origin.1,
                        },
                    });
                }
            }
        }
    }
}

fn first_sheet_with_data<RS: Read + Seek>(book: &mut Sheets<RS>) -> Result<String> {
    let names = sheet_names(book);
    for name in &names {
        if let Ok(range) = book.worksheet_range(name)
            && !range.is_empty()
        {
            return Ok(name.clone());
        }
    }
    names.into_iter().next().ok_or(TabularError::Empty)
}

/// Text of a cell plus what kind of value it was.
pub fn data_to_text(d: &Data) -> (String, Vec<CellKind>) {
    match d {
        Data::Empty => (String::new(), Vec::new()),
        Data::String(s) => (clean_cell(s), Vec::new()),
        Data::Int(i) => (i.to_string(), vec![CellKind::Number]),
        Data::Float(f) => format_float(*f),
        Data::Bool(b) => ((if *b { "TRUE" } else { "FALSE" }).to_string(), Vec::new()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, hh, mm, ss, _) = dt.to_ymd_hms_milli();
            let text = if (hh, mm, ss) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
            };
            (
                text,
                vec![CellKind::ExcelDate {
                    serial: dt.as_f64(),
                }],
            )
        }
        Data::DateTime(dt) => format_float(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), Vec::new()),
        Data::Error(e) => (e.to_string(), vec![CellKind::ErrorValue]),
    }
}

/// Plain decimal text of a number Excel stored as a float: whole numbers without ".0",
/// every digit of a 16-digit NIK that the float holds exactly, no exponent.
pub fn format_float(f: f64) -> (String, Vec<CellKind>) {
    if !f.is_finite() {
        return (f.to_string(), vec![CellKind::Number]);
    }
    let rounded = f.round();
    let whole = (f - rounded).abs() <= 1e-9 * f.abs().max(1.0);
    if !whole {
        let s = format!("{f:.10}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        return (s.to_string(), vec![CellKind::Number]);
    }
    let text = format!("{rounded:.0}");
    let digits = text.trim_start_matches('-').len();
    let mut kinds = vec![CellKind::Number];
    if digits >= 16 {
        kinds.push(CellKind::LongNumber);
    }
    if rounded.abs() > EXACT_LIMIT {
        kinds.push(CellKind::ImpreciseNumber);
    }
    (text, kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_come_back_as_plain_digits() {
        assert_eq!(format_float(1_500_000.0).0, "1500000");
        assert_eq!(format_float(2.5).0, "2.5");
        assert_eq!(format_float(0.1 + 0.2).0, "0.3");
        assert_eq!(format_float(-12.0).0, "-12");
        let (nik, kinds) = format_float(6_474_011_505_900_001.0);
        assert_eq!(nik, "6474011505900001");
        assert!(kinds.contains(&CellKind::LongNumber));
        assert!(!kinds.contains(&CellKind::ImpreciseNumber));
        let (_, kinds) = format_float(9_171_011_505_900_001.0);
        assert!(kinds.contains(&CellKind::ImpreciseNumber));
    }

    #[test]
    fn merged_regions_fill_down_and_across() {
        let mut range: Range<Data> = Range::new((0, 0), (3, 2));
        range.set_value((0, 0), Data::String("Nama".into()));
        range.set_value((0, 1), Data::String("Alamat".into()));
        range.set_value((1, 1), Data::String("Kecamatan".into()));
        range.set_value((1, 2), Data::String("Kel./Desa".into()));
        range.set_value((2, 0), Data::String("Ani".into()));
        let merges = vec![
            Dimensions::new((0, 0), (1, 0)),
            Dimensions::new((0, 1), (0, 2)),
            Dimensions::new((2, 0), (3, 0)),
        ];
        let mut rows = SheetRows::from_range("S".into(), range, merges);
        let all: Vec<RawRow> = std::iter::from_fn(|| rows.next_row())
            .map(|r| r.expect("row"))
            .collect();
        assert_eq!(all[0].cells, vec!["Nama", "Alamat", "Alamat"]);
        assert_eq!(all[1].cells, vec!["Nama", "Kecamatan", "Kel./Desa"]);
        assert_eq!(all[3].cells, vec!["Ani", "", ""]);
        assert_eq!(all[3].number, 4);
        assert!(all[0].has_flag(2, |k| matches!(k, CellKind::MergedFrom { row: 1, col: 1 })));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn whole_numbers_keep_every_digit(n in 0i64..9_007_199_254_740_992) {
            let (text, kinds) = format_float(n as f64);
            prop_assert_eq!(text, n.to_string());
            prop_assert!(!kinds.contains(&CellKind::ImpreciseNumber));
        }
    }
}
