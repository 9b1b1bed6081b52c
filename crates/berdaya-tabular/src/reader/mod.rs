//! One reader over CSV, XLSX and XLS: rows of cell texts with their source row numbers.

pub mod csv;
pub mod decode;
pub mod xlsx;

use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use calamine::{Sheets, Xls, Xlsx, open_workbook_from_rs};
use serde::{Deserialize, Serialize};

use self::csv::CsvRows;
pub use self::decode::TextEncoding;
use self::xlsx::SheetRows;
use crate::error::{Result, TabularError};
use crate::row::RawRow;

/// The kind of file being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Csv,
    Xlsx,
    Xls,
}

/// Choices the operator (or a saved mapping) can force; everything else is detected.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    pub format: Option<SourceFormat>,
    /// CSV only.
    pub delimiter: Option<u8>,
    /// CSV only.
    pub encoding: Option<TextEncoding>,
    /// Worksheet name; default the first visible sheet with data.
    pub sheet: Option<String>,
    /// 1-based row number of the (first) header row; default detected.
    pub header_row: Option<u64>,
    /// Number of header rows (e.g. 2 for "Alamat" over "Kecamatan | Kel./Desa"); default
    /// detected.
    pub header_rows: Option<usize>,
}

/// What was detected about the source, for the preview page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub format: SourceFormat,
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<char>,
    pub sheet: Option<String>,
    /// All worksheets (XLSX/XLS), visible ones first.
    pub sheets: Vec<String>,
}

/// How far a reader has got, for the import job's progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub done: u64,
    pub total: Option<u64>,
    pub unit: ProgressUnit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProgressUnit {
    /// Raw bytes of a CSV file.
    Bytes,
    /// Rows of a worksheet.
    Rows,
}

impl Progress {
    pub fn fraction(&self) -> Option<f64> {
        self.total
            .filter(|t| *t > 0)
            .map(|t| (self.done as f64 / t as f64).min(1.0))
    }
}

enum Inner {
    Csv {
        rows: Box<CsvRows<Box<dyn Read + Send>>>,
        consumed: Arc<AtomicU64>,
        size: Option<u64>,
    },
    Sheet(SheetRows),
}

/// Rows of a table file in source order (including title and blank rows; `Table` on top
/// of it finds the header).
pub struct TableReader {
    inner: Inner,
    info: SourceInfo,
}

/// Guess the format from the first bytes: ZIP (XLSX), OLE2 (XLS), anything else CSV.
pub fn sniff_format(head: &[u8]) -> SourceFormat {
    if head.starts_with(b"PK\x03\x04") {
        SourceFormat::Xlsx
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        SourceFormat::Xls
    } else {
        SourceFormat::Csv
    }
}

impl TableReader {
    /// Open a file; the format comes from its first bytes unless forced.
    pub fn open(path: impl AsRef<Path>, opts: &ReadOptions) -> Result<Self> {
        let path = path.as_ref();
        let mut file = File::open(path)?;
        let size = file.metadata().ok().map(|m| m.len());
        let mut head = [0u8; 8];
        let n = read_up_to(&mut file, &mut head)?;
        file.rewind()?;
        let format = opts.format.unwrap_or_else(|| sniff_format(&head[..n]));
        match format {
            SourceFormat::Csv => Self::csv_with_size(Box::new(file), size, opts),
            SourceFormat::Xlsx | SourceFormat::Xls => {
                Self::workbook(BufReader::new(file), format, opts)
            }
        }
    }

    /// Read an uploaded file held in memory.
    pub fn from_bytes(bytes: Vec<u8>, opts: &ReadOptions) -> Result<Self> {
        let format = opts.format.unwrap_or_else(|| sniff_format(&bytes));
        match format {
            SourceFormat::Csv => {
                let size = Some(bytes.len() as u64);
                Self::csv_with_size(Box::new(Cursor::new(bytes)), size, opts)
            }
            _ => Self::workbook(Cursor::new(bytes), format, opts),
        }
    }

    /// Stream a CSV from any reader (size unknown: progress without a total).
    pub fn from_csv(input: Box<dyn Read + Send>, opts: &ReadOptions) -> Result<Self> {
        Self::csv_with_size(input, None, opts)
    }

    fn csv_with_size(
        input: Box<dyn Read + Send>,
        size: Option<u64>,
        opts: &ReadOptions,
    ) -> Result<Self> {
        let rows = CsvRows::new(input, opts.delimiter, opts.encoding)?;
        let info = SourceInfo {
            format: SourceFormat::Csv,
            encoding: Some(rows.encoding()),
            delimiter: Some(rows.delimiter() as char),
            sheet: None,
            sheets: Vec::new(),
        };
        let consumed = rows.consumed_counter();
        Ok(TableReader {
            inner: Inner::Csv {
                rows: Box::new(rows),
                consumed,
                size,
            },
            info,
        })
    }

    fn workbook<RS: Read + Seek>(rs: RS, format: SourceFormat, opts: &ReadOptions) -> Result<Self> {
        let mut book: Sheets<RS> = match format {
            SourceFormat::Xls => Sheets::Xls(
                open_workbook_from_rs::<Xls<RS>, RS>(rs)
                    .map_err(|e| TabularError::Spreadsheet(e.to_string()))?,
            ),
            _ => Sheets::Xlsx(
                open_workbook_from_rs::<Xlsx<RS>, RS>(rs)
                    .map_err(|e| TabularError::Spreadsheet(e.to_string()))?,
            ),
        };
        let sheets = xlsx::sheet_names(&book);
        let rows = SheetRows::open(&mut book, opts.sheet.as_deref())?;
        let info = SourceInfo {
            format,
            encoding: None,
            delimiter: None,
            sheet: Some(rows.sheet().to_string()),
            sheets,
        };
        Ok(TableReader {
            inner: Inner::Sheet(rows),
            info,
        })
    }

    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    pub fn progress(&self) -> Progress {
        match &self.inner {
            Inner::Csv { consumed, size, .. } => Progress {
                done: consumed.load(Ordering::Relaxed),
                total: *size,
                unit: ProgressUnit::Bytes,
            },
            Inner::Sheet(rows) => {
                let (done, total) = rows.progress();
                Progress {
                    done,
                    total: Some(total),
                    unit: ProgressUnit::Rows,
                }
            }
        }
    }
}

impl Iterator for TableReader {
    type Item = Result<RawRow>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Csv { rows, .. } => rows.next_row(),
            Inner::Sheet(rows) => rows.next_row(),
        }
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match r.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}
