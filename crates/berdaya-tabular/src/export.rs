//! Streaming list export to CSV or XLSX: a header row, typed cells, column widths.
//!
//! XLSX is written in rust_xlsxwriter's constant-memory mode (rows go to a temporary
//! file as they come), so a million-row export does not sit in memory; past Excel's
//! 1,048,576 rows the writer continues on a new sheet with the same header.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};
use serde::{Deserialize, Serialize};

use crate::error::{Result, TabularError};

/// Rows per sheet, header included (Excel's limit).
pub const XLSX_MAX_ROWS: u32 = 1_048_576;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    /// Always text, also when it looks like a number (NIK, NIB, phone, codes).
    Text,
    Integer,
    /// Whole rupiah; shown with thousands separators in XLSX.
    Money,
    Date,
    /// "Ya"/"Tidak".
    YesNo,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    pub title: String,
    pub kind: ColumnKind,
    /// Width in Excel character units; default from the title and kind.
    pub width: Option<f64>,
}

impl Column {
    pub fn new(title: impl Into<String>, kind: ColumnKind) -> Self {
        Column {
            title: title.into(),
            kind,
            width: None,
        }
    }

    pub fn width(mut self, width: f64) -> Self {
        self.width = Some(width);
        self
    }

    fn effective_width(&self) -> f64 {
        self.width.unwrap_or_else(|| {
            let min = match self.kind {
                ColumnKind::Text => 14.0,
                ColumnKind::Money => 16.0,
                ColumnKind::Date => 12.0,
                ColumnKind::Integer | ColumnKind::YesNo => 8.0,
            };
            (self.title.chars().count() as f64 + 2.0).clamp(min, 60.0)
        })
    }
}

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Int(i64),
    Date(NaiveDate),
    Bool(bool),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s.to_string())
        }
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Empty, Into::into)
    }
}

/// CSV flavour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvOptions {
    pub delimiter: u8,
    /// Write a UTF-8 BOM so Excel reads the accents right.
    pub bom: bool,
    /// Dates as dd/mm/yyyy (true) or ISO yyyy-mm-dd.
    pub dates_dmy: bool,
}

impl CsvOptions {
    /// What Excel with Indonesian regional settings opens directly: `;`, BOM, dd/mm/yyyy.
    pub fn excel_indonesia() -> Self {
        CsvOptions {
            delimiter: b';',
            bom: true,
            dates_dmy: true,
        }
    }

    /// For programs: `,`, no BOM, ISO dates.
    pub fn standard() -> Self {
        CsvOptions {
            delimiter: b',',
            bom: false,
            dates_dmy: false,
        }
    }
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions::excel_indonesia()
    }
}

struct XlsxState {
    book: Workbook,
    out: Box<dyn Write + Send>,
    sheet_name: String,
    sheet: usize,
    row: u32,
    header: Format,
    money: Format,
    date: Format,
    text_formats: Vec<Option<Format>>,
}

enum Sink {
    Csv {
        writer: Box<csv::Writer<Box<dyn Write + Send>>>,
        dates_dmy: bool,
    },
    Xlsx(Box<XlsxState>),
}

/// Writes rows as they come; call [`ExportWriter::finish`] at the end.
pub struct ExportWriter {
    sink: Sink,
    columns: Vec<Column>,
    rows: u64,
    sheet_rows: u32,
}

impl ExportWriter {
    pub fn csv(
        mut out: Box<dyn Write + Send>,
        columns: Vec<Column>,
        opts: &CsvOptions,
    ) -> Result<Self> {
        if opts.bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut writer = csv::WriterBuilder::new()
            .delimiter(opts.delimiter)
            .flexible(true)
            .from_writer(out);
        writer
            .write_record(columns.iter().map(|c| c.title.as_str()))
            .map_err(csv_err)?;
        Ok(ExportWriter {
            sink: Sink::Csv {
                writer: Box::new(writer),
                dates_dmy: opts.dates_dmy,
            },
            columns,
            rows: 0,
            sheet_rows: XLSX_MAX_ROWS,
        })
    }

    /// XLSX written to `out` when finished. `sheet_name` ≤ 31 characters.
    pub fn xlsx(
        out: Box<dyn Write + Send>,
        sheet_name: &str,
        columns: Vec<Column>,
    ) -> Result<Self> {
        Self::xlsx_with_formats(out, sheet_name, columns, Vec::new())
    }

    /// Like [`ExportWriter::xlsx`], with an optional cell format per text column.
    pub(crate) fn xlsx_with_formats(
        out: Box<dyn Write + Send>,
        sheet_name: &str,
        columns: Vec<Column>,
        text_formats: Vec<Option<Format>>,
    ) -> Result<Self> {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(0xDDEBF7))
            .set_border(FormatBorder::Thin);
        let state = XlsxState {
            book: Workbook::new(),
            out,
            sheet_name: sheet_name.chars().take(28).collect(),
            sheet: 0,
            row: 0,
            header,
            money: Format::new().set_num_format("#,##0"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            text_formats,
        };
        let mut w = ExportWriter {
            sink: Sink::Xlsx(Box::new(state)),
            columns,
            rows: 0,
            sheet_rows: XLSX_MAX_ROWS,
        };
        w.start_sheet()?;
        Ok(w)
    }

    fn start_sheet(&mut self) -> Result<()> {
        let Sink::Xlsx(x) = &mut self.sink else {
            return Ok(());
        };
        let name = if x.sheet == 0 {
            x.sheet_name.clone()
        } else {
            format!("{} ({})", x.sheet_name, x.sheet + 1)
        };
        let ws = x.book.add_worksheet_with_constant_memory()?;
        ws.set_name(name)?;
        for (c, col) in self.columns.iter().enumerate() {
            ws.set_column_width(col_num(c)?, col.effective_width())?;
            ws.write_string_with_format(0, col_num(c)?, col.title.as_str(), &x.header)?;
        }
        ws.set_freeze_panes(1, 0)?;
        x.row = 1;
        Ok(())
    }

    pub fn write_row(&mut self, values: &[Value]) -> Result<()> {
        if let Sink::Xlsx(x) = &self.sink
            && x.row >= self.sheet_rows
        {
            if let Sink::Xlsx(x) = &mut self.sink {
                x.sheet += 1;
            }
            self.start_sheet()?;
        }
        match &mut self.sink {
            Sink::Csv { writer, dates_dmy } => {
                let record = values
                    .iter()
                    .zip(&self.columns)
                    .map(|(v, c)| csv_text(v, c.kind, *dates_dmy));
                writer.write_record(record).map_err(csv_err)?;
            }
            Sink::Xlsx(x) => {
                let row = x.row;
                let sheet = x.sheet;
                let ws = x.book.worksheet_from_index(sheet)?;
                for (c, (v, col)) in values.iter().zip(&self.columns).enumerate() {
                    let cn = col_num(c)?;
                    match (v, col.kind) {
                        (Value::Empty, _) => {}
                        (Value::Text(s), _) => match x.text_formats.get(c).and_then(Option::as_ref)
                        {
                            Some(f) => {
                                ws.write_string_with_format(row, cn, s.as_str(), f)?;
                            }
                            None => {
                                ws.write_string(row, cn, s.as_str())?;
                            }
                        },
                        (Value::Int(n), ColumnKind::Text) => {
                            ws.write_string(row, cn, n.to_string())?;
                        }
                        (Value::Int(n), ColumnKind::Money) => {
                            ws.write_number_with_format(row, cn, *n as f64, &x.money)?;
                        }
                        (Value::Int(n), _) => {
                            ws.write_number(row, cn, *n as f64)?;
                        }
                        (Value::Date(d), _) => {
                            // Excel has no dates before 1900: those go out as text.
                            let year = u16::try_from(d.year()).unwrap_or(0);
                            match ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8) {
                                Ok(dt) => {
                                    ws.write_date_with_format(row, cn, &dt, &x.date)?;
                                }
                                Err(_) => {
                                    ws.write_string(row, cn, d.format("%d/%m/%Y").to_string())?;
                                }
                            }
                        }
                        (Value::Bool(b), _) => {
                            ws.write_string(row, cn, if *b { "Ya" } else { "Tidak" })?;
                        }
                    }
                }
                x.row += 1;
            }
        }
        self.rows += 1;
        Ok(())
    }

    /// Start a new sheet after this many rows (header included) instead of Excel's limit.
    pub fn with_sheet_row_limit(mut self, rows: u32) -> Self {
        self.sheet_rows = rows.clamp(2, XLSX_MAX_ROWS);
        self
    }

    /// Rows written so far (header not counted).
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Flush (CSV) or assemble and write the workbook (XLSX). Returns the row count.
    pub fn finish(self) -> Result<u64> {
        match self.sink {
            Sink::Csv { mut writer, .. } => writer.flush()?,
            Sink::Xlsx(mut x) => {
                let XlsxState { book, out, .. } = &mut *x;
                book.save_to_writer(&mut *out)?;
                out.flush()?;
            }
        }
        Ok(self.rows)
    }
}

fn col_num(c: usize) -> Result<u16> {
    u16::try_from(c).map_err(|_| TabularError::XlsxWrite("terlalu banyak kolom".into()))
}

fn csv_err(e: csv::Error) -> TabularError {
    TabularError::CsvWrite(e.to_string())
}

/// CSV text of a value. Text that Excel would run as a formula (=, +, -, @ first) gets a
/// leading apostrophe, which the importer strips again.
fn csv_text(v: &Value, kind: ColumnKind, dates_dmy: bool) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(s) => {
            if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{s}")
            } else {
                s.clone()
            }
        }
        Value::Int(n) if kind == ColumnKind::Text => n.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Date(d) if dates_dmy => d.format("%d/%m/%Y").to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        Value::Bool(b) => (if *b { "Ya" } else { "Tidak" }).to_string(),
    }
}
