//! A row as read from a source file: cell texts plus what the reader noticed about them.

use serde::{Deserialize, Serialize};

/// One row of a CSV or spreadsheet, before mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RawRow {
    /// 1-based row number as the operator sees it: the line in a CSV (of the record's
    /// first line), the row in Excel.
    pub number: u64,
    /// Cell texts, trimmed. Numbers come as plain digits ("6474011505900001", "1500000",
    /// "2.5"), dates stored by Excel as ISO text ("1990-05-15").
    pub cells: Vec<String>,
    /// Notes on individual cells (sparse; empty for almost every CSV row).
    pub flags: Vec<CellFlag>,
}

/// What a reader noticed about one cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CellFlag {
    /// 0-based column index.
    pub col: usize,
    pub kind: CellKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum CellKind {
    /// The cell held a number, not text: the text is its plain decimal form with `.` as the
    /// decimal point and no thousands separator.
    Number,
    /// A whole number of 16 or more digits stored as a number. Excel itself keeps only 15
    /// significant digits, so a NIK typed into Excel as a number may have lost its last
    /// digit (it becomes 0). The digits shown are exactly what the file holds.
    LongNumber,
    /// A whole number beyond 2^53: the file's binary value cannot hold every digit, so the
    /// text is only approximately what was typed.
    ImpreciseNumber,
    /// Excel stored a date/time (a serial number with a date format). The text is ISO
    /// ("1990-05-15" or "1990-05-15 08:30:00"); the serial is kept here.
    ExcelDate { serial: f64 },
    /// Copied from the top-left cell of a merged region at (row, col).
    MergedFrom { row: u64, col: usize },
    /// An Excel error value such as #N/A or #REF!; the text is the error code.
    ErrorValue,
}

impl RawRow {
    pub fn new(number: u64, cells: Vec<String>) -> Self {
        RawRow {
            number,
            cells,
            flags: Vec::new(),
        }
    }

    /// Cell text, or "" past the end of the row.
    pub fn cell(&self, col: usize) -> &str {
        self.cells.get(col).map(String::as_str).unwrap_or("")
    }

    /// Every flag of a cell.
    pub fn flags_of(&self, col: usize) -> impl Iterator<Item = CellKind> + '_ {
        self.flags
            .iter()
            .filter(move |f| f.col == col)
            .map(|f| f.kind)
    }

    pub fn has_flag(&self, col: usize, pred: impl Fn(&CellKind) -> bool) -> bool {
        self.flags_of(col).any(|k| pred(&k))
    }

    /// True when every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    /// Number of non-empty cells.
    pub fn filled(&self) -> usize {
        self.cells.iter().filter(|c| !c.trim().is_empty()).count()
    }

    /// Drop trailing empty cells (CSV exported from Excel pads title rows with delimiters).
    pub fn trim_end(&mut self) {
        while self.cells.last().is_some_and(|c| c.is_empty()) {
            self.cells.pop();
        }
        let len = self.cells.len();
        self.flags.retain(|f| f.col < len);
    }
}
